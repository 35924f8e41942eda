using FedNet.Cli;

namespace FedNet.Cli.Client;

/// <summary>Reads the <c>-f</c> files of apply and plan into service documents, printing file:line:col errors.</summary>
public static class ServiceFiles
{
    /// <summary>Every service of <paramref name="paths"/> (<c>-</c> is stdin), or null with 66 (missing file) or 65 (invalid) in <paramref name="exitCode"/>.</summary>
    public static IReadOnlyList<ServiceDocument>? Read(string command, IReadOnlyList<string> paths, TextWriter error, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(error);
        exitCode = ExitCodes.Ok;
        var missing = paths.Where(p => p != "-" && !File.Exists(p)).ToList();
        foreach (var path in missing)
            error.WriteLine($"fednet {command}: {path}: no such file");
        if (missing.Count > 0)
        {
            exitCode = ExitCodes.NoInput;
            return null;
        }
        var documents = new List<ServiceDocument>();
        var errors = 0;
        foreach (var path in paths)
        {
            var text = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
            var (docs, problems) = ServiceDocument.Split(text, path == "-" ? "stdin" : path);
            documents.AddRange(docs);
            foreach (var p in problems)
                error.WriteLine(p);
            errors += problems.Count;
        }
        if (errors > 0)
        {
            error.WriteLine($"{errors} error{(errors == 1 ? "" : "s")}; nothing sent");
            exitCode = ExitCodes.DataError;
            return null;
        }
        return documents;
    }
}
