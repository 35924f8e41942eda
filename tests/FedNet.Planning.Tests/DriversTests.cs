using FedNet.Model;
using FedNet.Planning.Drivers;
using FedNet.Planning.Internal;
using FedNet.Planning.State;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>
/// Each driver's primitives, one at a time, on a fresh element: what each writes into the switch-state sink, summarised
/// as "switch: cookie kind@table ..." lines (table-driven: case name → expected summary).
/// </summary>
public sealed class DriversTests
{
    // The mixed paper federation: kuas-rack1 and ntust-h1 run ovs, kuas-rack2 and ncku-h1 bridge-per-network.
    // Vifs of n, by index: 0 a (kuas-rack1), 1 f (kuas-rack1), 2 b (kuas-rack2), 3 c (ncku-h1), 4 d (ntust-h1).
    private static readonly NetworkPlan Plan = Planner.Plan(
        DescriptionReader.ReadFederation(Example("federation-paper-vswitches-mixed.yaml")).GetValueOrThrow(),
        [Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }]
            vms:
              - { name: a, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: f, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: b, placement: { host: kuas-rack2 }, interfaces: [{ network: n }] }
              - { name: c, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
              - { name: d, placement: { host: ntust-h1 }, interfaces: [{ network: n }] }
            policies:
              - { name: whole, network: n, rate: 30mbit }
              - { name: pair, between: [a, d], rate: 20mbit }
              - { name: wan, network: n, transit: kuas-ncku, rate: 10mbit }
            """)]);

    private static readonly NetworkSpec Spec = Plan.Specs[new NetworkKey("t", "s", "n")];

    // Policy numbers by name (the spec's order is the allocator's, not the description's).
    private static readonly int Whole = Spec.Policies.FindIndex(p => p.Policy.Name == "whole");
    private static readonly int Pair = Spec.Policies.FindIndex(p => p.Policy.Name == "pair");
    private static readonly int Wan = Spec.Policies.FindIndex(p => p.Policy.Name == "wan");

    private static readonly IControlDriver Ovs = new OvsDriver();
    private static readonly IControlDriver Bpn = new BridgePerNetworkDriver();
    private static readonly IControlDriver Gateway = new GatewayDriver();

    public static TheoryData<string, string> Cases => new()
    {
        // Switching element, node scope: the node's bridge, fixed ports, table-miss flows.
        { "ovs node", "kuas-rack1/br-int IntegrationBridge secure ports=seg0 flows=Infrastructure@0,Infrastructure@1,Infrastructure@2" },
        { "bpn node", "kuas-rack2/br-seg SegmentBridge secure ports=seg0 flows=Infrastructure@0" },
        { "gateway node", "kuas-gw/br-gw Gateway secure ports=seg0,tn1,tr0 flows=Infrastructure@0" },
        // Switching element, network scope.
        { "ovs element", "" },
        { "bpn element", "owned kuas-rack2/bn{vlan} NetworkBridge standalone ports=pb{vlan}" },
        { "gateway element", "" },
        // Virtual port.
        { "ovs port", "kuas-rack1/br-int flows=VifIngress@0,VifIngress@1,LocalDelivery@2 ports=vf{a}" },
        { "ovs port whole-path", "kuas-rack1/br-int flows=VifIngress@0+meter,VifIngress@1,LocalDelivery@2 ports=vf{a} meters=30000" },
        { "bpn port", "owned kuas-rack2/bn{vlan} NetworkBridge standalone ports=pb{vlan},vf{b}" },
        { "bpn port shaped", "owned kuas-rack2/bn{vlan} NetworkBridge standalone ports=pb{vlan},vf{b}:20000kbps" },
        // Link.
        { "ovs segment", "kuas-rack1/br-int flows=Infrastructure@0,ArpResponder@1,RemoteForward@2,ArpResponder@1,Broadcast@2" },
        { "bpn segment", "kuas-rack2/br-seg flows=Infrastructure@0,Infrastructure@0 ports=ps{vlan}\nowned kuas-rack2/bn{vlan} NetworkBridge standalone ports=pb{vlan}" },
        { "gateway egress", "kuas-gw/br-gw flows=GatewayEgress@0,ArpResponder@0" },
        { "gateway egress metered", "kuas-gw/br-gw flows=GatewayEgress@0+meter,ArpResponder@0 meters=10000" },
        { "gateway deliver", "kuas-gw/br-gw flows=GatewayIngress@0" },
        { "gateway multi-hop", "kuas-gw/br-gw flows=GatewayTransit@0" },
        // Policy (flows after the element's others).
        { "ovs pair", "kuas-rack1/br-int flows=Policy@2+meter meters=20000" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Primitive_OneCall_WritesExpectedRowsAndFlows(string name, string expected)
    {
        var vlan = Spec.Vlans[0];
        Assert.Equal(expected.Replace("{vlan}", vlan.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{a}", Ports.Vif(Spec.Vifs[0].Mac)[2..], StringComparison.Ordinal)
            .Replace("{b}", Ports.Vif(Spec.Vifs[2].Mac)[2..], StringComparison.Ordinal), Run(name));
    }

    [Fact]
    public void OvsPolicy_AfterPortsAndLinks_FlowsComeLastOnTheSwitch()
    {
        var context = new ControlContext(Plan.Topology, Spec);
        var e = HostElement(context, Ovs, "kuas-rack1");
        Call(e, ControlPrimitive.Policy, () => Ovs.Policy(context, e, new PolicyRef(Pair, PolicyScope.Pair, 0, 4)));
        Call(e, ControlPrimitive.VirtualPort, () => Ovs.VirtualPort(context, e, 0));
        e.Seal();
        var kinds = context.Output.Flows[e.Switch].Select(f => Cookies.KindOf(f.Cookie)).ToList();
        Assert.Equal([CookieKind.VifIngress, CookieKind.VifIngress, CookieKind.LocalDelivery, CookieKind.Policy], kinds);
    }

    [Fact]
    public void OvsPolicy_TwoWholePathRates_LowestMetersTheIngress()
    {
        var context = new ControlContext(Plan.Topology, Spec);
        var e = HostElement(context, Ovs, "kuas-rack1");
        Call(e, ControlPrimitive.Policy, () => Ovs.Policy(context, e, new PolicyRef(Whole, PolicyScope.Network)));
        Call(e, ControlPrimitive.Policy, () => Ovs.Policy(context, e, new PolicyRef(Pair, PolicyScope.Network)));
        Call(e, ControlPrimitive.VirtualPort, () => Ovs.VirtualPort(context, e, 0));
        var meter = Assert.Single(context.Output.Meters[e.Switch]);
        Assert.Equal(20_000ul, meter.RateKbps);
    }

    [Theory]
    [InlineData("ovs", "Egress")]
    [InlineData("bpn", "Transit")]
    [InlineData("bpn", "Pair")]
    [InlineData("gateway", "Port")]
    [InlineData("gateway", "VirtualPort")]
    public void Primitive_NotWhatTheDriverCanDo_Throws(string driver, string what)
    {
        var context = new ControlContext(Plan.Topology, Spec);
        Action call = (driver, what) switch
        {
            ("ovs", _) => () => Ovs.Link(context, HostElement(context, Ovs, "kuas-rack1"), new LinkRef(LinkHop.Egress), []),
            ("bpn", "Transit") => () => Bpn.Link(context, HostElement(context, Bpn, "kuas-rack2"), new LinkRef(LinkHop.Transit, 0), []),
            ("bpn", _) => () => Bpn.Policy(context, HostElement(context, Bpn, "kuas-rack2"), new PolicyRef(Pair, PolicyScope.Pair, 0, 4)),
            (_, "Port") => () => Gateway.Policy(context, GatewayElement(context, 0), new PolicyRef(Whole, PolicyScope.Port, 0)),
            _ => () => Gateway.VirtualPort(context, GatewayElement(context, 0), 0),
        };
        Assert.Throws<ArgumentException>(call);
    }

    private static string Run(string name)
    {
        var context = new ControlContext(Plan.Topology, Spec);
        var topology = Plan.Topology;
        switch (name)
        {
            case "ovs node":
                return Describe(Ovs.SwitchingElement(new ControlContext(topology), new NodeRef("kuas-rack1", 0, false)));
            case "bpn node":
                return Describe(Bpn.SwitchingElement(new ControlContext(topology), new NodeRef("kuas-rack2", 0, false)));
            case "gateway node":
                return Describe(Gateway.SwitchingElement(new ControlContext(topology), new NodeRef("kuas-gw", 0, true)));
        }
        var (driver, node) = name.Split(' ')[0] switch
        {
            "ovs" => (Ovs, "kuas-rack1"),
            "bpn" => (Bpn, "kuas-rack2"),
            _ => (Gateway, "kuas-gw"),
        };
        var e = driver == Gateway ? GatewayElement(context, 0) : HostElement(context, driver, node);
        switch (name)
        {
            case "ovs port":
            case "ovs port whole-path":
                if (name.EndsWith("whole-path", StringComparison.Ordinal))
                    Call(e, ControlPrimitive.Policy, () => Ovs.Policy(context, e, new PolicyRef(Whole, PolicyScope.Network)));
                Call(e, ControlPrimitive.VirtualPort, () => Ovs.VirtualPort(context, e, 0));
                break;
            case "bpn port":
            case "bpn port shaped":
                if (name.EndsWith("shaped", StringComparison.Ordinal))
                {
                    Call(e, ControlPrimitive.Policy, () => Bpn.Policy(context, e, new PolicyRef(Whole, PolicyScope.Port, 2)));
                    Call(e, ControlPrimitive.Policy, () => Bpn.Policy(context, e, new PolicyRef(Pair, PolicyScope.Port, 2)));
                }
                Call(e, ControlPrimitive.VirtualPort, () => Bpn.VirtualPort(context, e, 2));
                break;
            case "ovs segment":
                // a (local: ARP only) and b (kuas-rack2, same segment: forward to the trunk and ARP).
                Call(e, ControlPrimitive.Link, () => Ovs.Link(context, e, new LinkRef(LinkHop.Segment), [new LinkTarget(0), new LinkTarget(2)]));
                break;
            case "bpn segment":
                Call(e, ControlPrimitive.Link, () => Bpn.Link(context, e, new LinkRef(LinkHop.Segment), [new LinkTarget(0), new LinkTarget(2)]));
                break;
            case "gateway egress":
            case "gateway egress metered":
                if (name.EndsWith("metered", StringComparison.Ordinal))
                    Call(e, ControlPrimitive.Policy, () => Gateway.Policy(context, e, new PolicyRef(Wan, PolicyScope.Transit, Transit: 0)));
                Call(e, ControlPrimitive.Link, () => Gateway.Link(context, e, new LinkRef(LinkHop.Egress), [new LinkTarget(3, 0)]));
                break;
            case "gateway deliver":
                Call(e, ControlPrimitive.Link, () => Gateway.Link(context, e, new LinkRef(LinkHop.Transit, 0), [new LinkTarget(0)]));
                break;
            case "gateway multi-hop":
                Call(e, ControlPrimitive.Link, () => Gateway.Link(context, e, new LinkRef(LinkHop.Transit, 0, 1), [new LinkTarget(4)]));
                break;
            case "ovs pair":
                Call(e, ControlPrimitive.Policy, () => Ovs.Policy(context, e, new PolicyRef(Pair, PolicyScope.Pair, 0, 4)));
                break;
        }
        e.Seal();
        return Describe(context.Output);
    }

    private static NetworkElement HostElement(ControlContext context, IControlDriver driver, string node)
    {
        var local = Spec.Vifs.Where(v => v.Host.Name == node).ToList();
        var e = new NetworkElement(context.Output, node, 0, Plan.Topology.HostsByName[node], local, Spec.Vlans[0]);
        Call(e, ControlPrimitive.SwitchingElement, () => driver.SwitchingElement(context, e));
        return e;
    }

    private static NetworkElement GatewayElement(ControlContext context, int site)
    {
        var e = new NetworkElement(context.Output, Plan.Topology.Sites[site].Gateway.Name, site, null, null, Spec.Vlans.GetValueOrDefault(site, -1));
        Call(e, ControlPrimitive.SwitchingElement, () => Gateway.SwitchingElement(context, e));
        return e;
    }

    private static void Call(NetworkElement e, ControlPrimitive primitive, Action call)
    {
        e.Stage = primitive;
        call();
    }

    private static string Describe(SwitchState s) =>
        $"{s.Id} {s.Role} {s.Bridge.FailMode} ports={string.Join(",", s.Ports.Keys)} flows={Flows(s.AllFlows)}";

    private static string Describe(Contribution c)
    {
        var lines = new List<string>();
        foreach (var id in c.Touched.Where(id => !c.OwnedSwitches.Exists(o => o.Id == id)).Order())
        {
            var parts = new List<string> { id.ToString() };
            if (c.Flows.TryGetValue(id, out var flows))
                parts.Add("flows=" + Flows(flows));
            if (c.Ports.TryGetValue(id, out var ports))
                parts.Add("ports=" + string.Join(",", ports.Select(p => p.Name).Order(StringComparer.Ordinal)));
            if (c.Meters.TryGetValue(id, out var meters))
                parts.Add("meters=" + string.Join(",", meters.Select(m => m.RateKbps)));
            lines.Add(string.Join(" ", parts));
        }
        foreach (var o in c.OwnedSwitches)
        {
            lines.Add($"owned {o.Id} {o.Role} {o.Bridge.FailMode} ports=" + string.Join(",", o.Ports.Values.Select(p =>
                p.EgressMaxRateKbps > 0 ? $"{p.Name}:{p.EgressMaxRateKbps}kbps" : p.Name)));
        }
        return string.Join("\n", lines);
    }

    private static string Flows(IEnumerable<FlowEntry> flows) => string.Join(",", flows.Select(f =>
        $"{Cookies.KindOf(f.Cookie)}@{f.Table}" + (f.Actions.Any(a => a is Meter) ? "+meter" : "")));
}
