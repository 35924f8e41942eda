using System.Text.RegularExpressions;

namespace FedNet.Model.Tests;

/// <summary>Runs every file of the bad corpus (see Bad/README.md) and checks its errors exactly.</summary>
public sealed partial class BadCorpusTests
{
    public static TheoryData<string> Files => new(Directory.GetFiles(RepoPaths.BadCorpus, "*.yaml").Select(Path.GetFileName).Order()!);

    [Fact]
    public void Corpus_HasAtLeastThirtyFiles()
    {
        Assert.True(Files.Count >= 30, $"only {Files.Count} bad files");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_BadFile_ReportsExactlyTheExpectedErrors(string name)
    {
        var path = Path.Combine(RepoPaths.BadCorpus, name);
        var lines = File.ReadAllLines(path);
        var expected = lines.Select(l => ExpectLine().Match(l)).Where(m => m.Success)
            .Select(m => (Line: int.Parse(m.Groups[1].Value), Column: int.Parse(m.Groups[2].Value), Fragment: m.Groups[3].Value.Trim()))
            .ToList();
        Assert.NotEmpty(expected);
        var federation = lines.Select(l => FederationLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value.Trim();
        IEnumerable<string> paths = name.StartsWith("fed-", StringComparison.Ordinal)
            ? [path]
            : [federation is null ? RepoPaths.Example("federation-paper.yaml") : Path.Combine(RepoPaths.BadCorpus, federation), path];

        var result = DescriptionSet.Load(paths);

        Assert.Null(result.Value);
        var actual = result.Errors.Select(e => e.ToString()).ToList();
        Assert.All(result.Errors, e => Assert.Equal(path, e.Location.File));
        foreach (var (line, column, fragment) in expected)
        {
            Assert.True(result.Errors.Any(e => e.Location.Line == line && e.Location.Column == column && e.Message.Contains(fragment, StringComparison.Ordinal)),
                $"expected {line}:{column}: {fragment}\nactual:\n{string.Join('\n', actual)}");
        }
        Assert.True(expected.Count == result.Errors.Count, $"expected {expected.Count} errors, got:\n{string.Join('\n', actual)}");
    }

    [GeneratedRegex(@"^# expect: (\d+):(\d+): (.+)$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"^# federation: (.+)$")]
    private static partial Regex FederationLine();
}
