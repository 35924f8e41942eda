using System.Text.Json.Nodes;
using FedNet.Evaluation.Peers;
using FedNet.Evaluation.Provisioning;

namespace FedNet.Evaluation.Tests;

public sealed class ProvisioningTests
{
    [Fact]
    public void Service_ThreeNetworks_FourVmsEachOnTheFourHostsInTurn()
    {
        var yaml = ProvisioningWorkload.Service(3);

        Assert.Equal(3, yaml.Split('\n').Count(l => l.Contains("cidr:", StringComparison.Ordinal)));
        Assert.Equal(12, yaml.Split('\n').Count(l => l.Contains("placement:", StringComparison.Ordinal)));
        Assert.Contains("name: n2v3, placement: { host: ntust-h1 }, interfaces: [{ network: n2 }]", yaml, StringComparison.Ordinal);
        Assert.Contains("name: n1, cidr: 10.0.1.0/24", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Federation_TooManyNetworks_ThrowsNamingTheLimit()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ProvisioningWorkload.Federation(Repository.Examples, 1001));
        Assert.Contains("1,000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleIndexes_TenOfAThousand_SpreadOverNetworksAndCyclePairKinds()
    {
        var sample = ProvisioningWorkload.SampleIndexes(1000, 10);

        Assert.Equal(10, sample.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => k * 100), sample.Select(s => s.Network));
        Assert.Equal((0, 1), (sample[0].From, sample[0].To));
        Assert.Equal((3, 1), (sample[4].From, sample[4].To));
        Assert.All(sample, s => Assert.NotEqual(s.From, s.To));
    }

    [Fact]
    public void OvnAddresses_DistinctPerVmAndInsideTheNetworksSubnet()
    {
        var macs = Enumerable.Range(0, 1000).SelectMany(i => Enumerable.Range(0, 4).Select(k => OvnProvisioning.Mac(i, k))).ToList();

        Assert.Equal(macs.Count, macs.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("0a:00:01:2c:00:04", OvnProvisioning.Mac(300, 3));
        Assert.Equal("10.1.44.13", OvnProvisioning.Ip(300, 3));
    }

    [Fact]
    public void ParseFlowCount_AggregateReply_ReturnsTheCount()
    {
        Assert.Equal(133014, OvnCluster.ParseFlowCount("NXST_AGGREGATE reply (xid=0x4): packet_count=0 byte_count=0 flow_count=133014\n"));
        Assert.Throws<InvalidOperationException>(() => OvnCluster.ParseFlowCount("ovs-ofctl: br-int is not a bridge or a socket"));
    }

    [Fact]
    public async Task Provisioning_Quick_BothSystemsMeasuredFirstPingsAnsweredAndNothingLeftBehind()
    {
        Prerequisites.Require("ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ip", "ping", "ethtool");
        var missing = new[] { "ovn-nbctl", "ovn-sbctl", "ovn-northd", "ovn-controller" }.Where(p => Prerequisites.Which(p) is null).ToList();
        Assert.True(missing.Count == 0, $"missing {string.Join(", ", missing)}: apt-get install -y ovn-central ovn-host (scripts/install-prerequisites.sh does)");

        var (dir, progress) = await Smoke.RunAsync("provisioning");
        try
        {
            var data = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "provisioning.json")))!["data"]!;
            var scale = Assert.Single(data["scales"]!.AsArray())!;
            Assert.Equal(10, scale["networks"]!.GetValue<int>());
            var sampleSize = data["sampleSize"]!.GetValue<int>();

            var fednet = scale["fednet"]!;
            Assert.True(fednet["programmedSeconds"]!.GetValue<double>() > 0);
            Assert.Equal(7, fednet["switches"]!.GetValue<int>());
            Assert.True(fednet["flows"]!.GetValue<int>() > 0);
            Assert.Equal(fednet["flows"]!.GetValue<int>(), fednet["flowMods"]!.GetValue<int>());
            AssertEveryPairAnswered(fednet["pings"]!.AsArray(), sampleSize);
            Assert.Contains(fednet["pings"]!.AsArray(), p => p!["path"]!.GetValue<string>() == "Gre");
            Assert.Contains(fednet["pings"]!.AsArray(), p => p!["path"]!.GetValue<string>() == "Vpls");

            var ovn = scale["ovn"]!;
            Assert.True(ovn["programmedSeconds"]!.GetValue<double>() > 0);
            Assert.Equal(4, ovn["flowsPerChassis"]!.AsObject().Count);
            Assert.All(ovn["flowsPerChassis"]!.AsObject(), c => Assert.True(c.Value!.GetValue<int>() > 0, $"no flows on chassis {c.Key}"));
            AssertEveryPairAnswered(ovn["pings"]!.AsArray(), sampleSize);

            // Every OVN/OVS daemon the run started was ended (by PID), its namespaces and folder are gone.
            var ovnDirectory = ovn["directory"]!.GetValue<string>();
            var pids = ovn["pids"]!.AsArray().Select(p => p!.GetValue<int>()).ToList();
            Assert.Equal(15, pids.Count); // NB, SB, northd + 4 × (ovsdb-server, ovs-vswitchd, ovn-controller)
            Assert.All(pids, pid => Assert.False(CommandLine(pid).Contains(ovnDirectory, StringComparison.Ordinal), $"pid {pid} still runs"));
            Assert.False(Directory.Exists(ovnDirectory));
            var namespaces = Shell.Run("ip", "netns", "list");
            Assert.All(ovn["namespaces"]!.AsArray(), ns => Assert.DoesNotContain(ns!.GetValue<string>(), namespaces, StringComparison.Ordinal));
            Assert.Contains(progress, l => l.Contains("ovn-nbctl --wait=hv", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertEveryPairAnswered(JsonArray pings, int sampleSize)
    {
        Assert.Equal(sampleSize, pings.Count);
        Assert.All(pings, p =>
        {
            Assert.True(p!["reached"]!.GetValue<bool>(), $"{p["from"]} -> {p["to"]} never answered");
            Assert.True(p["seconds"]!.GetValue<double>() > 0);
        });
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
