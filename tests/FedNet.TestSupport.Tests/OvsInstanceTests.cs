using Xunit;

namespace FedNet.TestSupport.Tests;

public sealed class OvsInstanceTests
{
    [Fact]
    public void Start_BridgeAdded_OfctlReachesItsManagementSocket()
    {
        using var ovs = OvsInstance.Start();
        ovs.AddBridge("br0");
        var features = ovs.Ofctl("show", "br0");
        Assert.Contains("OFPT_FEATURES_REPLY", features);
        Assert.Equal("netdev", ovs.Vsctl("get", "bridge", "br0", "datapath_type").Trim());
    }

    [Fact]
    public void Dispose_AfterBridgesAndPorts_LeavesNoProcessNamespaceOrDirectory()
    {
        var ovs = OvsInstance.Start();
        ovs.AddBridge("br0");
        var pids = new[] { "ovsdb-server.pid", "ovs-vswitchd.pid" }
            .Select(f => int.Parse(File.ReadAllText(Path.Combine(ovs.Directory, f)).Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var ns = ovs.Namespace.Name;
        var dir = ovs.Directory;

        ovs.Dispose();

        Assert.All(pids, pid => Assert.False(ProcessKiller.IsAlive(pid), $"process {pid} still runs"));
        Assert.DoesNotContain(ns, Shell.Run("ip", "netns", "list"));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void VethPair_IntoTwoNamespaces_CarriesPing()
    {
        using var a = Netns.Create();
        using var b = Netns.Create();
        using var veth = VethPair.Create(a, b, "eth0", "eth0");
        a.Run("ip", "addr", "add", "192.0.2.1/24", "dev", "eth0");
        b.Run("ip", "addr", "add", "192.0.2.2/24", "dev", "eth0");

        var ping = a.Try("ping", "-c", "1", "-W", "2", "192.0.2.2");

        Assert.True(ping.Succeeded, ping.StandardOutput + ping.StandardError);
    }
}
