using System.Text.Json.Nodes;

namespace FedNet.Evaluation;

/// <summary>
/// The results of one experiment: the conditions it ran under (sentences), tables, plots, notes (what differs from the
/// paper and why) and the raw data (JSON, so tests and later tools can read results without parsing Markdown).
/// </summary>
public sealed record ExperimentReport(
    string Id,
    string Title,
    IReadOnlyList<string> Conditions,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<ReportPlot> Plots,
    IReadOnlyList<string> Notes,
    JsonNode Data);

/// <summary>A Markdown table: cells already formatted (units in the column names).</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Cells of every row must match the columns.</summary>
    public void Validate()
    {
        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i].Count != Columns.Count)
                throw new ArgumentException($"table '{Caption}': row {i + 1} has {Rows[i].Count} cells for {Columns.Count} columns");
        }
    }
}

/// <summary>
/// A plot saved as <c>&lt;experiment id&gt;-&lt;Name&gt;.png</c>. <see cref="Draw"/> fills a fresh ScottPlot plot
/// (axes labels, legend, data); the writer sizes and saves it.
/// </summary>
public sealed record ReportPlot(string Name, string Caption, Action<ScottPlot.Plot> Draw, int Width = 900, int Height = 500);
