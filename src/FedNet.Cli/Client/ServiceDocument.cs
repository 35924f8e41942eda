using System.Text;
using FedNet.Model;

namespace FedNet.Cli.Client;

/// <summary>
/// One service document of a YAML file, ready to send as a request body: the text is padded with blank lines so the
/// server's line:col in an error points into the original file.
/// </summary>
/// <param name="File">The file it came from.</param>
/// <param name="Tenant">Its <c>tenant:</c>.</param>
/// <param name="Name">Its <c>service:</c>.</param>
/// <param name="Yaml">The document alone, at its original line numbers.</param>
public sealed record ServiceDocument(string File, string Tenant, string Name, string Yaml)
{
    /// <summary>
    /// Splits <paramref name="text"/> at document markers (<c>---</c>, <c>...</c> in column 1) and reads each document
    /// as a service. Returns every document, or every error with file:line:col (and no documents).
    /// </summary>
    public static (IReadOnlyList<ServiceDocument> Documents, IReadOnlyList<DescriptionError> Errors) Split(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var documents = new List<ServiceDocument>();
        var errors = new List<DescriptionError>();
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            var marker = i < lines.Length ? Marker(lines[i]) : 0;
            if (i < lines.Length && marker == 0)
                continue;
            var body = new StringBuilder();
            body.Append('\n', start);
            for (var j = start; j < i; j++)
                body.Append(lines[j]).Append('\n');
            Read(body.ToString(), file, documents, errors);
            if (i < lines.Length)
            {
                // Keep what follows `--- ` on the marker line (`--- {tenant: a, ...}`), blanking the marker so columns hold.
                lines[i] = new string(' ', marker) + lines[i][marker..];
                start = lines[i].Trim().Length > 0 && lines[i].TrimStart()[0] != '#' ? i : i + 1;
            }
        }
        if (errors.Count == 0 && documents.Count == 0)
            errors.Add(new DescriptionError(new SourceLocation(file, 1, 1), "no service description in the file (expected 'tenant:' and 'service:')"));
        return errors.Count > 0 ? ([], errors) : (documents, errors);
    }

    private static int Marker(string line) =>
        (line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("...", StringComparison.Ordinal)) && (line.Length == 3 || char.IsWhiteSpace(line[3]))
            ? 3
            : 0;

    private static void Read(string body, string file, List<ServiceDocument> documents, List<DescriptionError> errors)
    {
        if (body.Split('\n').All(l => l.Trim().Length == 0 || l.TrimStart()[0] == '#'))
            return;
        var read = DescriptionReader.ReadServices(body, file);
        errors.AddRange(read.Errors);
        if (read.Value is { } services)
        {
            foreach (var s in services)
                documents.Add(new ServiceDocument(file, s.Tenant, s.Name, body));
        }
    }
}
