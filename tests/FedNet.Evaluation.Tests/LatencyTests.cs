using FedNet.Evaluation.Latency;

namespace FedNet.Evaluation.Tests;

public sealed class LatencyTests
{
    [Fact]
    public void PingReplyParse_RepliesAndALoss_ReturnsSequenceAndTime()
    {
        const string output = """
            PING 10.32.1.2 (10.32.1.2) 56(84) bytes of data.
            64 bytes from 10.32.1.2: icmp_seq=1 ttl=64 time=14.2 ms
            64 bytes from 10.32.1.2: icmp_seq=3 ttl=64 time=12.031 ms

            --- 10.32.1.2 ping statistics ---
            3 packets transmitted, 2 received, 33.3333% packet loss, time 201ms
            """;
        Assert.Equal([new PingReply(1, 14.2), new PingReply(3, 12.031)], PingReply.Parse(output));
    }

    [Fact]
    public void LatencyServiceYaml_32Networks_MatchesTheExampleFile()
    {
        var example = File.ReadAllLines(Path.Combine(Repository.Root, "examples", "latency-32-networks.yaml"))
            .Where(l => !l.StartsWith('#')).ToArray();
        var generated = LatencyService.Yaml(32).Split('\n');
        Assert.Equal(string.Join('\n', example).Trim(), string.Join('\n', generated).Trim());
    }

    [Fact]
    public void LatencyServiceYaml_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyService.Yaml(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyService.Yaml(100));
    }

    [Fact]
    public void PathSamplesOf_TwoPhases_FirstReplyOfFirstPhaseIsColdAndLeftOut()
    {
        var phases = new[]
        {
            new PhaseResult(2, 3, [new PingReply(1, 12.5), new PingReply(2, 12.4), new PingReply(3, 12.6)]),
            new PhaseResult(0, 3, [new PingReply(2, 19.0), new PingReply(3, 12.1)]),
        };
        var s = PathSamples.Of(phases);
        Assert.Equal(new PingReply(2, 19.0), s.First);
        Assert.Equal([12.1, 12.5, 12.4, 12.6], s.Warm);
        Assert.Equal(6, s.Sent);
        Assert.Equal(5, s.Received);
    }

    [Fact]
    public async Task Fig5Latency_QuickRun_MeasuresEveryNetworkWithNoArpBroadcastOnAnyTransit()
    {
        var (dir, progress) = await Smoke.RunAsync("fig5-latency");
        try
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "fig5-latency.json")))!;
            var data = json["data"]!;
            var networks = data["networks"]!.GetValue<int>();
            Assert.Equal(8, networks);
            var pairs = data["pairs"]!.AsArray();
            Assert.Equal(networks, pairs.Count);
            Assert.Equal(networks, pairs.Select(p => p!["network"]!.GetValue<string>()).Distinct().Count());
            foreach (var p in pairs)
            {
                foreach (var path in new[] { "fednet", "baseline" })
                {
                    var s = p![path]!;
                    Assert.True(s["received"]!.GetValue<int>() > 0, $"{p["network"]} {path}: no replies");
                    Assert.True(s["meanMs"]!.GetValue<double>() > 0, $"{p["network"]} {path}: mean not positive");
                    Assert.NotNull(s["first"]);
                    var samples = s["phases"]!.AsArray().Sum(ph => ph!["rttMs"]!.AsArray().Count);
                    Assert.Equal(s["received"]!.GetValue<int>(), samples);
                }
            }
            var transits = data["transits"]!.AsArray();
            Assert.Equal(2, transits.Count);
            foreach (var t in transits)
                Assert.Equal(0, t!["arpBroadcasts"]!.GetValue<int>());
            // The GRE capture is live: it saw the pings' GRE packets (so 0 broadcasts is a measurement, not a dead capture).
            Assert.Contains(transits, t => t!["transit"]!.GetValue<string>() == "kuas-ntust" && t["tenantFrames"]!.GetValue<int>() > 0);
            Assert.True(File.Exists(Path.Combine(dir, "fig5-latency-means.png")));
            Assert.True(File.Exists(Path.Combine(dir, "fig5-latency-cdf.png")));
            Assert.Contains(progress, l => l.Contains("phase 4/4", StringComparison.Ordinal));
            LabLeftovers.AssertNone("lat");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
