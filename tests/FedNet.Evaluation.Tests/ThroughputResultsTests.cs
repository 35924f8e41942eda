using System.Text.Json.Nodes;
using FedNet.Evaluation.Throughput;
using FedNet.Evaluation.Throughput.Internal;

namespace FedNet.Evaluation.Tests;

public sealed class ThroughputResultsTests
{
    private static readonly ThroughputPath Gre = ThroughputPath.All.Single(p => p.Id == "gre");
    private static readonly ThroughputPath Lan = ThroughputPath.All.Single(p => p.Id == "lan");

    private static ThroughputResults Sample()
    {
        var r = new ThroughputResults(ThroughputSetup.All, ThroughputPath.All);
        foreach (var v in new[] { 400.0, 500, 450 })
            r.Add(ThroughputSetup.Baseline, Gre, v);
        foreach (var v in new[] { 200.0, 250, 225 })
            r.Add(ThroughputSetup.Vlan, Gre, v);
        foreach (var v in new[] { 300.0, 100, 900 })
            r.Add(ThroughputSetup.VSwitches, Gre, v);
        r.Add(ThroughputSetup.Vlan, Lan, 700);
        return r;
    }

    [Fact]
    public void Cells_RatioIsMedianOverTheBaselineMedianOfTheSamePath()
    {
        var cells = Sample().Cells();
        var vlan = Assert.Single(cells, c => c.Setup == ThroughputSetup.Vlan && c.Path == Gre);
        Assert.Equal(225, vlan.Summary.Median);
        Assert.Equal(0.5, vlan.Ratio!.Value, 9);
        Assert.Equal("225 (200–250)", vlan.Text);
        Assert.Equal("0.50×", vlan.RatioText);
        Assert.Equal(300.0 / 450, cells.Single(c => c.Setup == ThroughputSetup.VSwitches && c.Path == Gre).Ratio!.Value, 9);
        Assert.Equal(1.0, cells.Single(c => c.Setup == ThroughputSetup.Baseline && c.Path == Gre).Ratio!.Value, 9);
    }

    [Fact]
    public void Cells_NoBaselineOnThePath_RatioIsNullAndShownAsDash()
    {
        var lan = Assert.Single(Sample().Cells(), c => c.Path == Lan);
        Assert.Null(lan.Ratio);
        Assert.Equal("—", lan.RatioText);
    }

    [Fact]
    public void Table_OneRowPerPathWithRatioColumnsForTheFedNetSetups()
    {
        var table = Sample().Table("t");
        table.Validate();
        Assert.Equal(6, table.Columns.Count);
        Assert.Equal(4, table.Rows.Count);
        var gre = table.Rows.Single(r => r[0] == Gre.Label);
        Assert.Equal(["450 (400–500)", "300 (100–900)", "0.67×", "225 (200–250)", "0.50×"], gre.Skip(1));
        Assert.Equal(["—", "—", "—", "700 (700–700)", "—"], table.Rows.Single(r => r[0] == Lan.Label).Skip(1));
    }

    [Fact]
    public void ToJson_KeepsEverySampleInOrder()
    {
        var json = Sample().ToJson();
        var cell = json["cells"]!.AsArray().Single(c => c!["setup"]!.GetValue<string>() == "vswitches" && c["path"]!.GetValue<string>() == "gre")!;
        Assert.Equal([300.0, 100, 900], cell["samplesMbps"]!.AsArray().Select(s => s!.GetValue<double>()));
        Assert.Equal(300, cell["medianMbps"]!.GetValue<double>());
        Assert.Equal(100, cell["minMbps"]!.GetValue<double>());
        Assert.Equal(900, cell["maxMbps"]!.GetValue<double>());
        Assert.Equal(3, json["setups"]!.AsArray().Count);
        Assert.Equal(["same-host", "lan", "vpls", "gre"], json["paths"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
        Assert.Null(json["cells"]!.AsArray().Single(c => c!["path"]!.GetValue<string>() == "lan")!["ratioToBaseline"]);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Add_NotAFiniteNonNegativeRate_Throws(double mbps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThroughputResults(ThroughputSetup.All, ThroughputPath.All).Add(ThroughputSetup.Vlan, Gre, mbps));

    [Fact]
    public void Order_EveryCellOncePerRepetitionAndSetupsRotate()
    {
        var runs = ThroughputSchedule.Order(3, ThroughputPath.All, ThroughputSetup.All);
        Assert.Equal(3 * 4 * 3, runs.Count);
        Assert.All(runs.GroupBy(r => (r.Setup, r.Path)), g => Assert.Equal([0, 1, 2], g.Select(r => r.Repetition)));
        // The setups of one path run back to back, and who goes first changes from one block to the next.
        var blocks = runs.Chunk(3).ToList();
        Assert.All(blocks, b => Assert.Single(b.Select(r => (r.Repetition, r.Path)).Distinct()));
        Assert.Equal(ThroughputSetup.All, blocks.Take(3).Select(b => b[0].Setup));
    }

    [Fact]
    public void Order_ZeroRepetitions_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputSchedule.Order(0, ThroughputPath.All, ThroughputSetup.All));

    [Theory]
    [InlineData("7: br-underlay    inet 172.16.0.1/29 scope global br-underlay\\       valid_lft forever preferred_lft forever\n", "172.16.0.1/29")]
    [InlineData("", null)]
    [InlineData("7: br-underlay    inet6 fe80::1/64 scope link\n", null)]
    public void ParseInetAddress_IpAddrOneLineOutput_ReturnsTheFirstIpv4WithPrefix(string output, string? expected) =>
        Assert.Equal(expected, KernelBaseline.ParseInetAddress(output));
}
