using FedNet.Planning.Simulation;
using FedNet.Planning.State;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>One rule per row: how two vifs are linked, and that the simulated frame arrives.</summary>
public sealed class LinkSelectionTests
{
    private static readonly NetworkPlan Plan = Planner.Plan(PaperFederation(),
    [
        Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }]
            vms:
              - { name: r1a, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: r1b, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: r2, placement: { host: kuas-rack2 }, interfaces: [{ network: n }] }
              - { name: nc, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
              - { name: nt, placement: { host: ntust-h1 }, interfaces: [{ network: n }] }
            """),
    ]);

    public static TheoryData<string, string, LinkKind, string[]> Rows => new()
    {
        { "r1a", "r1b", LinkKind.SameHost, [] },
        { "r1a", "r2", LinkKind.Segment, [] },
        { "r1a", "nc", LinkKind.Vpls, ["kuas-ncku"] },
        { "r2", "nt", LinkKind.Tunnel, ["kuas-ntust"] },
        { "nc", "nt", LinkKind.MultiHop, ["kuas-ncku", "kuas-ntust"] },
        { "nt", "nc", LinkKind.MultiHop, ["kuas-ntust", "kuas-ncku"] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Links_PairOfVifs_ChosenByWhereTheyAre(string from, string to, LinkKind kind, string[] transits)
    {
        var link = Plan.Links(new NetworkKey("t", "s", "n")).Single(l => l.From.Vm.Vm == from && l.To.Vm.Vm == to);
        Assert.Equal(kind, link.Kind);
        Assert.Equal(transits, link.Transits.Items.ToArray());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Simulator_PairOfVifs_FrameArrivesOverTheChosenTransits(string from, string to, LinkKind kind, string[] transits)
    {
        _ = kind;
        var sim = new DataplaneSimulator(Plan);
        var a = Vif("t", "s", from);
        var b = Vif("t", "s", to);
        var result = sim.Send(a, Frame.Unicast(sim.MacOf(a), sim.MacOf(b)));
        var delivered = Assert.Single(result.Delivered);
        Assert.Equal(b, delivered.Vif);
        Assert.Null(delivered.Frame.Vlan);
        Assert.Equal(transits, result.TransitCrossings.Select(c => c.Transit).ToArray());
        Assert.False(result.Loops);
    }

    [Fact]
    public void KuasGateway_MultiHop_TranslatesBetweenPublicVlanAndTunnelKey()
    {
        var gw = Plan.State.Switches[new SwitchId("kuas-gw", "br-gw")];
        var nt = Plan.Allocations.Macs[Vif("t", "s", "nt")];
        var key = (ulong)Plan.Allocations.TunnelKeys[new TransitNetworkKey(new NetworkKey("t", "s", "n"), "kuas-ntust")];
        var flow = Assert.Single(gw.AllFlows, f => f.Match.Get(FieldKind.InPort)?.Value == 10 && f.Match.Get(FieldKind.EthDst)?.Value == nt);
        Assert.Equal(CookieKind.GatewayTransit, Cookies.KindOf(flow.Cookie));
        Assert.Equal(
            EquatableArray.Of<FlowAction>(PopVlan.Instance, new SetField(FieldKind.TunnelId, key), new Output(201)),
            flow.Actions);
    }

    [Fact]
    public void Gateways_TunnelTransit_PortsPointAtTheFarUnderlay()
    {
        var kuas = Plan.State.Switches[new SwitchId("kuas-gw", "br-gw")].Ports["tn1"];
        Assert.Equal(InterfaceType.Gre, kuas.Type);
        Assert.Equal(201, kuas.OfportRequest);
        Assert.Equal(ValueMap.Of(("key", "flow"), ("local_ip", "172.16.0.1"), ("remote_ip", "172.16.0.3")), kuas.Options);
        Assert.Equal(10, Plan.State.Switches[new SwitchId("kuas-gw", "br-gw")].Ports["tr0"].OfportRequest);
        Assert.False(Plan.State.Switches[new SwitchId("ncku-gw", "br-gw")].Ports.ContainsKey("tn1"));
    }

    [Fact]
    public void Hosts_OvsDriver_SecureIntegrationBridgeWithTrunkAndVifs()
    {
        var host = Plan.State.Switches[new SwitchId("kuas-rack1", "br-int")];
        Assert.Equal(("netdev", "secure", "OpenFlow13"), (host.Bridge.DatapathType, host.Bridge.FailMode, host.Bridge.Protocols[0]));
        Assert.Equal(1, host.Ports["seg0"].OfportRequest);
        Assert.Equal([100, 101], host.Ports.Values.Where(p => p.Name.StartsWith("vf", StringComparison.Ordinal)).Select(p => p.OfportRequest!.Value).Order());
        Assert.All(host.Ports.Values, p => Assert.Equal("fednet", p.ExternalIds["fednet-owner"]));
        Assert.All(host.AllFlows, f => Assert.True(Cookies.IsFedNet(f.Cookie)));
    }

    [Fact]
    public void Hosts_SiteWithoutVifsOfNetwork_GetNoPrivateVlan()
    {
        var plan = Planner.Plan(PaperFederation(), [Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }]
            vms:
              - { name: nc, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
              - { name: nt, placement: { host: ntust-h1 }, interfaces: [{ network: n }] }
            """)]);
        Assert.Equal(["ncku", "ntust"], plan.PrivateVlans(new NetworkKey("t", "s", "n")).Keys.Order(StringComparer.Ordinal));
        // kuas is on the path: its gateway carries the network, its hosts do not.
        Assert.Contains(plan.State.Switches[new SwitchId("kuas-gw", "br-gw")].AllFlows, f => Cookies.NetworkOf(f.Cookie) != 0);
        Assert.DoesNotContain(plan.State.Switches[new SwitchId("kuas-rack1", "br-int")].AllFlows, f => Cookies.NetworkOf(f.Cookie) != 0);
        var sim = new DataplaneSimulator(plan);
        var nc = Vif("t", "s", "nc");
        var nt = Vif("t", "s", "nt");
        Assert.Equal([nt], sim.Send(nc, Frame.Unicast(sim.MacOf(nc), sim.MacOf(nt))).Delivered.Select(d => d.Vif));
    }
}
