using System.Text.RegularExpressions;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Cli.Tests;

/// <summary>
/// Compares command output with tests/FedNet.Cli.Tests/Golden/NAME. Timestamps are replaced by <c>&lt;time&gt;</c> and
/// line ends trimmed first. Regenerate every file with <c>FEDNET_UPDATE_GOLDEN=1</c> (then review the git diff).
/// </summary>
internal static partial class Golden
{
    public const string UpdateVariable = "FEDNET_UPDATE_GOLDEN";

    public static string Directory => Path.Combine(Repository.Root, "tests", "FedNet.Cli.Tests", "Golden");

    public static string Examples => Repository.Examples;

    public static string Normalize(string text) =>
        string.Join("\n", Timestamp().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "<time>").Split('\n').Select(l => l.TrimEnd()))
            .TrimEnd('\n') + "\n";

    public static void Assert(string name, string actual)
    {
        var path = Path.Combine(Directory, name);
        var normalized = Normalize(actual);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, normalized);
            return;
        }
        Xunit.Assert.True(File.Exists(path), $"{path} is missing: run the tests once with {UpdateVariable}=1 and review it");
        Xunit.Assert.Equal(File.ReadAllText(path), normalized);
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex Timestamp();
}
