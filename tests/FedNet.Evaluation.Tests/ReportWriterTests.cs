using System.Text.Json.Nodes;
using FedNet.Evaluation;

namespace FedNet.Evaluation.Tests;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fednet-results-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ExperimentReport Sample(string id) => new(
        id,
        "Sample " + id,
        ["two namespaces on one host"],
        [new ReportTable("Throughput", ["Path", "Mbit/s"], [["LAN", "812.0"], ["a|b", "1"]])],
        [new ReportPlot("bars", "Throughput per path", p => p.Add.Bars([812.0, 640.0]))],
        ["userspace datapath"],
        new JsonObject { ["lan"] = 812.0 });

    [Fact]
    public void Write_Report_WritesMarkdownPngJsonAndIndex()
    {
        var env = EnvironmentInfo.Capture(Repository.Root);
        var files = ReportWriter.Write(_dir, Sample("x1"), env, quick: true);

        var md = File.ReadAllText(Path.Combine(_dir, "x1.md"));
        Assert.Contains("# Sample x1", md, StringComparison.Ordinal);
        Assert.Contains("| LAN | 812.0 |", md, StringComparison.Ordinal);
        Assert.Contains("| a\\|b | 1 |", md, StringComparison.Ordinal);
        Assert.Contains("![Throughput per path](x1-bars.png)", md, StringComparison.Ordinal);
        Assert.Contains("--only x1 --quick", md, StringComparison.Ordinal);
        Assert.Contains("Open vSwitch", md, StringComparison.Ordinal);
        Assert.Contains("Load average (1 / 5 / 15 min) when the experiment started: ", md, StringComparison.Ordinal);

        var png = File.ReadAllBytes(Path.Combine(_dir, "x1-bars.png"));
        Assert.True(png.Length > 1000, $"PNG of {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "x1.json")))!;
        Assert.Equal("x1", json["id"]!.GetValue<string>());
        Assert.True(json["quick"]!.GetValue<bool>());
        Assert.Equal(812.0, json["data"]!["lan"]!.GetValue<double>());
        Assert.Equal(Environment.ProcessorCount, json["environment"]!["cores"]!.GetValue<int>());
        Assert.Contains(Path.Combine(_dir, "README.md"), files);
    }

    [Fact]
    public void WriteIndex_TwoExperimentsWrittenSeparately_ListsBoth()
    {
        var env = EnvironmentInfo.Capture(Repository.Root);
        ReportWriter.Write(_dir, Sample("a1"), env, quick: false);
        ReportWriter.Write(_dir, Sample("b2"), env, quick: true);

        var index = File.ReadAllText(Path.Combine(_dir, "README.md"));
        Assert.Contains("[a1.md](a1.md)", index, StringComparison.Ordinal);
        Assert.Contains("[b2.md](b2.md)", index, StringComparison.Ordinal);
        Assert.Contains("| full |", index, StringComparison.Ordinal);
        Assert.Contains("| quick |", index, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RowWithWrongCellCount_ThrowsNamingTheTableAndWritesNothing()
    {
        var bad = Sample("c3") with { Tables = [new ReportTable("Broken", ["A", "B"], [["only one"]])] };
        var e = Assert.Throws<ArgumentException>(() => ReportWriter.Write(_dir, bad, EnvironmentInfo.Capture(Repository.Root), quick: false));
        Assert.Contains("Broken", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
