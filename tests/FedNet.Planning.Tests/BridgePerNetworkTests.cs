using FedNet.Planning.Simulation;
using FedNet.Planning.State;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>The vSwitches approach: one learning bridge per network on a bridge-per-network host, linked by a tagged patch.</summary>
public sealed class BridgePerNetworkTests
{
    private static readonly string MixedFederation = File.ReadAllText(Example("federation-paper.yaml"))
        .Replace("{ name: kuas-rack2, segment: kuas-lan, underlay: 10.1.0.12, driver: ovs }",
            "{ name: kuas-rack2, segment: kuas-lan, underlay: 10.1.0.12, driver: bridge-per-network }", StringComparison.Ordinal);

    private static readonly NetworkPlan Plan = Planner.Plan(Federation(MixedFederation),
    [
        Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }, { name: m, cidr: 10.9.0.0/24 }]
            vms:
              - { name: r1, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: r2, placement: { host: kuas-rack2 }, interfaces: [{ network: n }, { network: m }] }
              - { name: r2m, placement: { host: kuas-rack2 }, interfaces: [{ network: m }] }
              - { name: nc, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
            """),
    ]);

    [Fact]
    public void Host_BridgePerNetwork_OneLearningBridgePerNetworkAndATaggedPatch()
    {
        var vlanN = Plan.PrivateVlans(new NetworkKey("t", "s", "n"))["kuas"];
        var vlanM = Plan.PrivateVlans(new NetworkKey("t", "s", "m"))["kuas"];
        var bridges = Plan.State.Switches.Keys.Where(k => k.Node == "kuas-rack2").Select(k => k.Bridge).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "bn" + vlanN, "bn" + vlanM, "br-seg" }.Order(StringComparer.Ordinal), bridges);
        var bn = Plan.State.Switches[new SwitchId("kuas-rack2", "bn" + vlanN)];
        Assert.Equal(("standalone", SwitchRole.NetworkBridge), (bn.Bridge.FailMode, bn.Role));
        Assert.Equal(0, bn.FlowCount);
        var patch = Plan.State.Switches[new SwitchId("kuas-rack2", "br-seg")].Ports["ps" + vlanN];
        Assert.Equal((InterfaceType.Patch, vlanN, "pb" + vlanN), (patch.Type, patch.Tag, patch.Options["peer"]));
    }

    [Theory]
    [InlineData("r1", "r2", 0)]
    [InlineData("r2", "r1", 0)]
    [InlineData("nc", "r2", 0)]
    [InlineData("r2", "nc", 0)]
    [InlineData("r2m", "r2", 1)]
    public void Simulator_BridgePerNetworkHost_ReachesPeersOfItsNetwork(string from, string to, int toIndex)
    {
        var sim = new DataplaneSimulator(Plan);
        var a = Vif("t", "s", from);
        var b = Vif("t", "s", to, toIndex);
        var result = sim.Send(a, Frame.Unicast(sim.MacOf(a), sim.MacOf(b)));
        Assert.Contains(result.Delivered, d => d.Vif == b && d.Frame.Vlan is null);
        // A learning bridge may flood unknown unicast, but only inside its own network and never across a transit.
        Assert.All(result.Delivered, d => Assert.Equal(sim.NetworkOf(a), sim.NetworkOf(d.Vif)));
    }

    [Fact]
    public void Simulator_BroadcastFromBridgePerNetworkHost_StaysInTheSiteAndTheNetwork()
    {
        var sim = new DataplaneSimulator(Plan);
        var a = Vif("t", "s", "r2");
        var result = sim.Send(a, Frame.ArpRequest(sim.MacOf(a), sim.IpOf(a), sim.IpOf(Vif("t", "s", "nc"))));
        Assert.Empty(result.TransitCrossings);
        Assert.Contains(result.Delivered, d => d.Vif == Vif("t", "s", "r1"));
        Assert.All(result.Delivered, d => Assert.Equal(sim.NetworkOf(a), sim.NetworkOf(d.Vif)));
        // The kuas gateway's ARP proxy answers for the remote vif.
        Assert.Contains(result.Delivered, d => d.Vif == a && d.Frame.ArpOp == 2 && d.Frame.ArpSha == sim.MacOf(Vif("t", "s", "nc")));
    }
}
