using System.Text.Json.Nodes;

namespace FedNet.Evaluation.Tests;

/// <summary>Figure 6 end to end in quick mode: a real lab, FedNet's controller, ten service processes, three client VMs.</summary>
public sealed class ServicePartitionSmokeTests
{
    [Fact]
    public async Task Fig6Service_Quick_EveryCellMeasuredAllHttpSucceededWanOnlyFederatedSlowerNothingLeft()
    {
        var (dir, _) = await Smoke.RunAsync("fig6-service");
        try
        {
            var data = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "fig6-service.json")))!["data"]!;
            var samples = data["samples"]!.AsArray().Select(s => s!).ToList();
            var sessions = data["sessionsPerLocation"]!.GetValue<int>();
            string[] placements = ["original", "federated"];
            string[] locations = ["visiting", "home", "neutral"];
            string[] interactions = ["login", "login-check", "com-post", "com-db", "logout", "logout-check"];

            // Every interaction x location x placement has its sessions' samples, each > 0 ms.
            foreach (var p in placements)
            {
                foreach (var l in locations)
                {
                    foreach (var i in interactions)
                    {
                        var cell = samples.Where(s => Str(s, "placement") == p && Str(s, "location") == l && Str(s, "interaction") == i).ToList();
                        Assert.True(cell.Count == sessions, $"{p}/{l}/{i}: {cell.Count} samples for {sessions} sessions");
                        Assert.All(cell, s => Assert.True(s["ms"]!.GetValue<double>() > 0, $"{p}/{l}/{i}: {s["ms"]} ms"));
                    }
                }
            }

            // Every HTTP response was a success, counted.
            var http = data["http"]!;
            Assert.Equal(samples.Count, http["requests"]!.GetValue<int>());
            Assert.Equal(samples.Count, http["successes"]!.GetValue<int>());
            Assert.Equal(0, http["failures"]!.GetValue<int>());
            Assert.All(samples, s => Assert.InRange(s["status"]!.GetValue<int>(), 200, 299));

            // The emulator delays every frame by at least (delay - jitter), so each federated sample is at least its path's
            // emulated floor, and an interaction that crosses the WAN only in the federated placement costs more there,
            // whatever the CPU speed: its floor exceeds the original's by whole WAN round trips (>= 7.6 ms here).
            var floors = data["floorsMs"]!.AsArray().Select(f => f!).ToList();
            foreach (var s in samples)
            {
                var floor = floors.Single(f => Str(f, "placement") == Str(s, "placement") && Str(f, "location") == Str(s, "location")
                    && Str(f, "interaction") == Str(s, "interaction"))["floorMs"]!.GetValue<double>();
                Assert.True(s["ms"]!.GetValue<double>() >= floor, $"{s.ToJsonString()} below its emulated floor {floor} ms");
            }
            var wanOnly = data["wanOnlyFederated"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            Assert.Equal(["login", "com-post", "com-db"], wanOnly);
            // Compared on the fastest response of each placement, per interaction, pooled over the three locations (9
            // interleaved samples each in quick mode): CPU contention on this shared 2-core machine only ever adds time,
            // so the fastest sample is the least disturbed one, and there the federated placement carries at least its
            // extra emulated round trips (>= 7.6 ms) that the original does not. Medians of three are reported, not asserted.
            foreach (var i in wanOnly)
            {
                double Fastest(string p) => samples.Where(s => Str(s, "placement") == p && Str(s, "interaction") == i).Min(s => s["ms"]!.GetValue<double>());
                Assert.True(Fastest("federated") >= Fastest("original"), $"{i}: fastest federated {Fastest("federated")} ms < fastest original {Fastest("original")} ms");
            }

            // No service process and no namespace of the lab left.
            foreach (var pid in data["servicePids"]!.AsArray().Select(p => p!.GetValue<int>()))
            {
                var cmdline = $"/proc/{pid}/cmdline";
                Assert.False(File.Exists(cmdline) && File.ReadAllText(cmdline).Contains("service-node", StringComparison.Ordinal), $"service node {pid} still runs");
            }
            var labId = Str(data, "labId");
            var namespaces = Shell.Run("ip", ["netns", "list"]);
            Assert.DoesNotContain($"fnl-{labId}-", namespaces, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine("/run/fednet-lab", labId)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Str(JsonNode node, string name) => node[name]!.GetValue<string>();
}
