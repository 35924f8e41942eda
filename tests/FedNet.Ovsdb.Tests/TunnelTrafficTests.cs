using FedNet.Ovsdb.Ensure;
using FedNet.TestSupport;

namespace FedNet.Ovsdb.Tests;

/// <summary>
/// Two sites, each a private OVS, joined by a veth underlay. Everything on the switches is created through the ensure
/// API; ovs-vsctl only witnesses. VM namespaces ping each other over GRE, then over VXLAN.
/// </summary>
public sealed class TunnelTrafficTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OvsdbDesiredState Site(DesiredPort tunnel) => new(
    [
        // OVS userspace tunnels route through an OVS bridge: the underlay IP lives on br-phy's internal port.
        new DesiredBridge("br-phy") { FailMode = null, Protocols = [], Ports = [DesiredPort.Internal("br-phy"), DesiredPort.System("ul")] },
        new DesiredBridge("br-vm") { FailMode = null, Protocols = [], Ports = [DesiredPort.Internal("br-vm"), DesiredPort.System("vm"), tunnel] },
    ]);

    private static bool Ping(Netns from, string ip)
    {
        for (var i = 0; i < 30; i++)
        {
            if (from.Try("ping", "-c", "1", "-W", "1", ip).Succeeded)
                return true;
            Thread.Sleep(200);
        }
        return false;
    }

    [Fact]
    public async Task Tunnels_GreThenVxlanCreatedByEnsure_CarryPingBetweenVmNamespaces()
    {
        Prerequisites.Require("ping", "ethtool");
        using var a = OvsInstance.Start();
        using var b = OvsInstance.Start();
        using var vm1 = Netns.Create("vm");
        using var vm2 = Netns.Create("vm");
        using var underlay = VethPair.Create(a.Namespace, b.Namespace, "ul", "ul");
        using var vmA = VethPair.Create(vm1, a.Namespace, "eth0", "vm");
        using var vmB = VethPair.Create(vm2, b.Namespace, "eth0", "vm");
        foreach (var (vm, ip) in new[] { (vm1, "192.168.77.1/24"), (vm2, "192.168.77.2/24") })
        {
            vm.Run("ip", "addr", "add", ip, "dev", "eth0");
            vm.Run("ethtool", "-K", "eth0", "tx", "off");
        }
        await using var swA = await OvsdbVswitch.ConnectAsync(a.DbTarget, cancellationToken: Ct);
        await using var swB = await OvsdbVswitch.ConnectAsync(b.DbTarget, cancellationToken: Ct);
        const string owner = "tunnel-test";

        await swA.EnsureAsync(Site(DesiredPort.Gre("tun", "10.99.0.2", key: "5")), owner, Ct);
        await swB.EnsureAsync(Site(DesiredPort.Gre("tun", "10.99.0.1", key: "5")), owner, Ct);
        Assert.True(await swA.WaitForVswitchdAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.True(await swB.WaitForVswitchdAsync(TimeSpan.FromSeconds(30), Ct));
        foreach (var (ovs, ip) in new[] { (a, "10.99.0.1/24"), (b, "10.99.0.2/24") })
        {
            ovs.Namespace.Run("ip", "addr", "add", ip, "dev", "br-phy");
            ovs.Namespace.Run("ip", "link", "set", "br-phy", "up");
        }
        Assert.Equal("gre", a.Vsctl("get", "Interface", "tun", "type").Trim());
        Assert.True(Ping(vm1, "192.168.77.2"), "no ping over GRE:\n" + a.Appctl("ovs/route/show") + a.Vsctl("show"));

        var vxA = await swA.EnsureAsync(Site(DesiredPort.Vxlan("tun", "10.99.0.2", key: "5")), owner, Ct);
        await swB.EnsureAsync(Site(DesiredPort.Vxlan("tun", "10.99.0.1", key: "5")), owner, Ct);
        Assert.Equal(1, vxA.Updated);
        Assert.True(await swA.WaitForVswitchdAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.True(await swB.WaitForVswitchdAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal("vxlan", a.Vsctl("get", "Interface", "tun", "type").Trim());
        Assert.Equal("vxlan", b.Vsctl("get", "Interface", "tun", "type").Trim());
        Assert.True(Ping(vm1, "192.168.77.2"), "no ping over VXLAN:\n" + a.Vsctl("show"));
        Assert.True(Ping(vm2, "192.168.77.1"));
    }
}
