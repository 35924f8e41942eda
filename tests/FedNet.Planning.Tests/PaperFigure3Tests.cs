using FedNet.Planning.Simulation;
using Xunit;
using FedNet.Planning.State;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>
/// The paper's figure 3 (and reference/gateway-flows.sh): two networks with the same subnet, private VLANs per site,
/// one public VLAN 2782 on the VPLS, translation by (VLAN, destination MAC), ARP answered inside the gateways.
/// </summary>
public sealed class PaperFigure3Tests
{
    private static readonly NetworkPlan Plan = Planner.Plan(PaperFederation(), Figure3());

    private static readonly ulong A1 = Mac("02:fe:00:00:0a:01");
    private static readonly ulong A2 = Mac("02:fe:00:00:0a:02");
    private static readonly ulong B1 = Mac("02:fe:00:00:0b:01");
    private static readonly ulong B2 = Mac("02:fe:00:00:0b:02");

    private static FlowEntry[] GatewayFlows(string gateway) =>
        [.. Plan.State.Switches[new SwitchId(gateway, "br-gw")].AllFlows.Where(f => f.Priority != Tables.MissPriority)];

    [Fact]
    public void Plan_Figure3_PrivateVlansPerSiteAsInThePaper()
    {
        Assert.Equal(new Dictionary<string, int> { ["kuas"] = 100, ["ncku"] = 200 }, Plan.PrivateVlans(new NetworkKey("tx", "s", "x")));
        Assert.Equal(new Dictionary<string, int> { ["kuas"] = 101, ["ncku"] = 201 }, Plan.PrivateVlans(new NetworkKey("ty", "s", "y")));
        Assert.Empty(Plan.Diagnostics);
    }

    [Fact]
    public void KuasGateway_Figure3_FlowByFlowAsReferenceScript()
    {
        // gwA in gateway-flows.sh, with this federation's port numbers (seg0 = 1, tr0 = 10) and the ARP proxy at priority 200.
        var expected = new[]
        {
            "table=0,priority=100,in_port=1,dl_dst=02:fe:00:00:0b:01,vlan_vid=4196,actions=set_field:6878->vlan_vid,output:10",
            "table=0,priority=100,in_port=10,dl_dst=02:fe:00:00:0a:01,vlan_vid=6878,actions=set_field:4196->vlan_vid,output:1",
            "table=0,priority=100,in_port=1,dl_dst=02:fe:00:00:0b:02,vlan_vid=4197,actions=set_field:6878->vlan_vid,output:10",
            "table=0,priority=100,in_port=10,dl_dst=02:fe:00:00:0a:02,vlan_vid=6878,actions=set_field:4197->vlan_vid,output:1",
            "table=0,priority=200,in_port=1,dl_type=0x0806,vlan_vid=4196,arp_op=1,arp_tpa=10.0.0.2,actions=" + Responder("02:fe:00:00:0b:01", "10.0.0.2"),
            "table=0,priority=200,in_port=1,dl_type=0x0806,vlan_vid=4197,arp_op=1,arp_tpa=10.0.0.2,actions=" + Responder("02:fe:00:00:0b:02", "10.0.0.2"),
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), GatewayFlows("kuas-gw").Select(Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NckuGateway_Figure3_FlowByFlowAsReferenceScript()
    {
        var expected = new[]
        {
            "table=0,priority=100,in_port=1,dl_dst=02:fe:00:00:0a:01,vlan_vid=4296,actions=set_field:6878->vlan_vid,output:10",
            "table=0,priority=100,in_port=10,dl_dst=02:fe:00:00:0b:01,vlan_vid=6878,actions=set_field:4296->vlan_vid,output:1",
            "table=0,priority=100,in_port=1,dl_dst=02:fe:00:00:0a:02,vlan_vid=4297,actions=set_field:6878->vlan_vid,output:10",
            "table=0,priority=100,in_port=10,dl_dst=02:fe:00:00:0b:02,vlan_vid=6878,actions=set_field:4297->vlan_vid,output:1",
            "table=0,priority=200,in_port=1,dl_type=0x0806,vlan_vid=4296,arp_op=1,arp_tpa=10.0.0.1,actions=" + Responder("02:fe:00:00:0a:01", "10.0.0.1"),
            "table=0,priority=200,in_port=1,dl_type=0x0806,vlan_vid=4297,arp_op=1,arp_tpa=10.0.0.1,actions=" + Responder("02:fe:00:00:0a:02", "10.0.0.1"),
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), GatewayFlows("ncku-gw").Select(Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NtustGateway_Figure3_GetsNoFlowsOfNetworksNotThere()
    {
        Assert.Empty(GatewayFlows("ntust-gw"));
        Assert.DoesNotContain(Plan.State.Switches.Values, s => s.Id.Node == "ntust-h1" && s.AllFlows.Any(f => Cookies.NetworkOf(f.Cookie) != 0));
    }

    [Fact]
    public void Simulator_Figure3_SameSubnetNetworksReachOwnPeerOnly()
    {
        var sim = new DataplaneSimulator(Plan);
        var toB1 = sim.Send(Vif("tx", "s", "a1"), Frame.Unicast(A1, B1));
        Assert.Equal([Vif("tx", "s", "b1")], toB1.Delivered.Select(d => d.Vif));
        Assert.Null(toB1.Delivered[0].Frame.Vlan);
        Assert.All(toB1.TransitCrossings, c => Assert.Equal(2782, c.Frame.Vlan));

        // a1 cannot reach y's b2 even by its MAC: x's private VLAN never maps to b2.
        Assert.Empty(sim.Send(Vif("tx", "s", "a1"), Frame.Unicast(A1, B2)).Delivered);
        Assert.Empty(sim.Send(Vif("ty", "s", "a2"), Frame.Unicast(A2, B1)).Delivered);
        Assert.Equal([Vif("ty", "s", "b2")], sim.Send(Vif("ty", "s", "a2"), Frame.Unicast(A2, B2)).Delivered.Select(d => d.Vif));
    }

    [Fact]
    public void Simulator_Figure3_ArpAnsweredWithOwnNetworksMacAndNothingCrossesTheVpls()
    {
        var sim = new DataplaneSimulator(Plan);
        var x = sim.Send(Vif("tx", "s", "a1"), Frame.ArpRequest(A1, Ip("10.0.0.1"), Ip("10.0.0.2")));
        var y = sim.Send(Vif("ty", "s", "a2"), Frame.ArpRequest(A2, Ip("10.0.0.1"), Ip("10.0.0.2")));
        var replyX = Assert.Single(x.Delivered);
        var replyY = Assert.Single(y.Delivered);
        Assert.Equal((Vif("tx", "s", "a1"), (ushort)2, B1, A1), (replyX.Vif, replyX.Frame.ArpOp, replyX.Frame.ArpSha, replyX.Frame.EthDst));
        Assert.Equal((Vif("ty", "s", "a2"), (ushort)2, B2, A2), (replyY.Vif, replyY.Frame.ArpOp, replyY.Frame.ArpSha, replyY.Frame.EthDst));
        Assert.Empty(x.TransitCrossings);
        Assert.Empty(y.TransitCrossings);
    }

    [Fact]
    public void Simulator_Figure3_BroadcastNeverCrossesTheVpls()
    {
        var sim = new DataplaneSimulator(Plan);
        var result = sim.Send(Vif("tx", "s", "a1"), Frame.Unicast(A1, Frame.Broadcast));
        Assert.Empty(result.TransitCrossings);
        Assert.Empty(result.Delivered);
    }

    private static string Responder(string mac, string ip) =>
        $"move:dl_src->dl_dst,set_field:{mac}->dl_src,set_field:2->arp_op,move:arp_sha->arp_tha,move:arp_spa->arp_tpa," +
        $"set_field:{mac}->arp_sha,set_field:{ip}->arp_spa,IN_PORT";

    private static string Text(FlowEntry f) =>
        $"table={f.Table},priority={f.Priority},{f.Match},actions={string.Join(",", f.Actions)}";
}

/// <summary>ARP corner cases on hosts.</summary>
public sealed class HostArpTests
{
    [Fact]
    public void Simulator_VifAsksForItsOwnAddress_NoAnswerFromTheSwitch()
    {
        var plan = Planner.Plan(PaperFederation(), Figure3());
        var sim = new DataplaneSimulator(plan);
        var a1 = Vif("tx", "s", "a1");
        var probe = sim.Send(a1, Frame.ArpRequest(sim.MacOf(a1), 0, sim.IpOf(a1)));
        Assert.DoesNotContain(probe.Delivered, d => d.Frame.ArpOp == 2);
    }
}
