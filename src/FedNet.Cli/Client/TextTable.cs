namespace FedNet.Cli.Client;

/// <summary>kubectl-style columns: a header row, two spaces between columns, no borders; stable for golden files and grep.</summary>
public static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> (the first is the header) aligned; columns in <paramref name="rightAligned"/> pad left.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string[]> rows, string indent = "", IReadOnlyCollection<int>? rightAligned = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            return;
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((c, i) => rightAligned?.Contains(i) == true ? c.PadLeft(widths[i]) : i == row.Length - 1 ? c : c.PadRight(widths[i]));
            output.WriteLine((indent + string.Join("  ", cells)).TrimEnd());
        }
    }
}
