using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FedNet.Evaluation.Throughput;

namespace FedNet.Evaluation.Tests;

public sealed partial class ThroughputTests
{
    [Fact]
    public async Task Fig4_QuickRun_EverySetupAndPathMeasuredWithRatiosAndNothingLeftBehind()
    {
        Prerequisites.Require("iperf3", "clang", "tc");
        var (dir, progress) = await Smoke.RunAsync("fig4-throughput");
        try
        {
            var data = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "fig4-throughput.json")))!["data"]!;
            var cells = data["cells"]!.AsArray().Select(c => c!).ToList();
            foreach (var setup in new[] { "baseline", "vswitches", "vlan" })
            {
                foreach (var path in new[] { "same-host", "lan", "vpls", "gre" })
                {
                    var cell = Assert.Single(cells, c => c["setup"]!.GetValue<string>() == setup && c["path"]!.GetValue<string>() == path);
                    var samples = cell["samplesMbps"]!.AsArray().Select(s => s!.GetValue<double>()).ToList();
                    Assert.Equal(data["repetitions"]!.GetValue<int>(), samples.Count);
                    Assert.All(samples, s => Assert.True(s > 0, $"{setup}/{path}: sample {s} Mbit/s"));
                    var ratio = cell["ratioToBaseline"]?.GetValue<double>();
                    Assert.NotNull(ratio);
                    Assert.True(ratio > 0, $"{setup}/{path}: ratio {ratio}");
                    if (setup == "baseline")
                        Assert.Equal(1.0, ratio!.Value, 6);
                }
            }
            Assert.Equal(12, cells.Count);
            var md = File.ReadAllText(Path.Combine(dir, "fig4-throughput.md"));
            Assert.Contains("Baseline (Linux bridges)", md, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "fig4-throughput-bars.png")));

            // The three labs the run named are gone.
            var labs = progress.SelectMany(l => LabId().Matches(l).Select(m => m.Groups[1].Value)).Distinct().ToList();
            Assert.Equal(3, labs.Count);
            var namespaces = Shell.Run("ip", "netns", "list");
            foreach (var lab in labs)
                Assert.DoesNotContain($"fnl-{lab}-", namespaces, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex("lab '([a-z0-9]{1,8})'")]
    private static partial Regex LabId();
}
