using System.Text.Json.Nodes;

namespace FedNet.Evaluation.Tests;

/// <summary>The cbench workload end to end in quick mode: FedNet, os-ken and ovs-testcontroller, both modes.</summary>
public sealed class ControllerThroughputSmokeTests
{
    [Fact]
    public async Task ControllerThroughput_Quick_EveryControllerAnsweredInBothModesNoProcessLeft()
    {
        var (dir, _) = await Smoke.RunAsync("controller-throughput");
        try
        {
            var data = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "controller-throughput.json")))!["data"]!;
            var runs = data["runs"]!.AsArray().Select(r => r!).ToList();
            string[] controllers = ["FedNet", "os-ken simple_switch_13", "ovs-testcontroller"];
            Assert.Equal(controllers, data["controllers"]!.AsArray().Select(c => c!.GetValue<string>()));
            foreach (var c in controllers)
            {
                foreach (var mode in new[] { "throughput", "latency" })
                {
                    var run = Assert.Single(runs, r => r["controller"]!.GetValue<string>() == c && r["mode"]!.GetValue<string>() == mode);
                    var result = run["result"]!;
                    Assert.True(result["error"] is null, $"{c} {mode}: {result["error"]}");
                    Assert.True(result["flowMods"]!.GetValue<long>() > 0, $"{c} {mode}: no flow-mod: {result.ToJsonString()}");
                    Assert.True(result["packetOuts"]!.GetValue<long>() > 0, $"{c} {mode}: no packet-out: {result.ToJsonString()}");
                    Assert.Equal(16, result["perSwitchResponses"]!.AsArray().Count);
                    Assert.Equal(0, result["errorsReceived"]!.GetValue<long>());
                    if (mode == "latency")
                    {
                        var latency = result["latency"]!;
                        Assert.True(latency["samples"]!.GetValue<int>() > 0, $"{c}: no latency sample");
                        Assert.True(latency["p50Ms"]!.GetValue<double>() > 0 && latency["p99Ms"]!.GetValue<double>() >= latency["p50Ms"]!.GetValue<double>(),
                            $"{c}: {latency.ToJsonString()}");
                    }
                }
            }

            // Every process the experiment started (peer controllers, load generators) is gone.
            var pids = data["processes"]!.AsArray().Select(p => p!.GetValue<int>()).ToList();
            Assert.Equal(6 + 4, pids.Count);
            Assert.All(pids, pid => Assert.False(ProcessKiller.IsAlive(pid), $"process {pid} is still running"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
