using FedNet.Model;
using FedNet.Planning.Drivers;
using FedNet.Planning.Internal;
using FedNet.Planning.State;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>
/// A recording driver substituted for the real ones sees the primitive calls the paper's examples imply, and the
/// control layer reaches the switches only through them.
/// </summary>
public sealed class DriversRecordingTests
{
    [Fact]
    public void ControlLayer_PaperFigure3_CallsExactlyThePrimitivesTheFigureImplies()
    {
        var plan = Planner.Plan(PaperFederation(), Figure3());
        var calls = Record(plan, new NetworkKey("tx", "s", "x"), forward: true).Calls;

        Assert.Equal(
        [
            "ovs.SwitchingElement kuas-rack1",
            "ovs.VirtualPort kuas-rack1 a1",
            "ovs.Link kuas-rack1 Segment -> a1 b1",
            "ovs.SwitchingElement ncku-h1",
            "ovs.VirtualPort ncku-h1 b1",
            "ovs.Link ncku-h1 Segment -> a1 b1",
            "gateway.SwitchingElement kuas-gw",
            "gateway.Link kuas-gw Egress -> b1@kuas-ncku",
            "gateway.SwitchingElement ncku-gw",
            "gateway.Link ncku-gw Egress -> a1@kuas-ncku",
            "gateway.Link ncku-gw Transit kuas-ncku>site -> b1",
            "gateway.Link kuas-gw Transit kuas-ncku>site -> a1",
        ], calls);
    }

    [Fact]
    public void ControlLayer_ElearningOnPaperFederation_PortPerVifLinkPerHopPolicyWhereItLands()
    {
        var set = DescriptionSet.Load(Example("federation-paper.yaml"), Example("elearning.yaml")).GetValueOrThrow();
        var plan = Planner.Plan(set.Federation, set.Services);
        foreach (var spec in plan.Specs.Values)
        {
            var calls = Record(plan, spec.Key, forward: true).Calls;
            // A virtual port per vif, on its own host, and nothing else.
            Assert.Equal(spec.Vifs.Select(v => $"ovs.VirtualPort {v.Host.Name} {v.Key.Vm.Vm}").Order(StringComparer.Ordinal),
                calls.Where(c => c.Contains(".VirtualPort ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            // One segment link per host carrying the network.
            var hosts = spec.Vifs.Select(v => v.Host.Name).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(hosts, calls.Where(c => c.Contains(" Segment ", StringComparison.Ordinal)).Select(c => c.Split(' ')[1]).Order(StringComparer.Ordinal));
        }

        var back = Record(plan, new NetworkKey("school", "elearning", "back"), forward: true).Calls;
        // back spans kuas, ncku (VPLS) and ntust (GRE): ncku <-> ntust crosses kuas-gw, which carries frames on.
        Assert.Contains(back, c => c.StartsWith("gateway.Link kuas-gw Transit kuas-ncku>kuas-ntust", StringComparison.Ordinal));
        Assert.Contains(back, c => c.StartsWith("gateway.Link kuas-gw Transit kuas-ntust>kuas-ncku", StringComparison.Ordinal));
        Assert.Contains("gateway.Policy kuas-gw back-wan Transit kuas-ncku", back);
        Assert.Contains("gateway.Policy ncku-gw back-wan Transit kuas-ncku", back);
        Assert.DoesNotContain(back, c => c.StartsWith("gateway.Policy ntust-gw", StringComparison.Ordinal));
        // portal-db: portal (kuas) <-> school-db (ncku), metered where each sender is, both directions.
        Assert.Equal(2, back.Count(c => c.Contains(" portal-db Pair ", StringComparison.Ordinal)));
        var data = Record(plan, new NetworkKey("school", "elearning", "data"), forward: true).Calls;
        Assert.Equal(2, data.Count(c => c.Contains(" app-data Pair ", StringComparison.Ordinal)));
    }

    [Fact]
    public void ControlLayer_DriversThatDoNothing_NothingReachesAnySwitch()
    {
        var set = DescriptionSet.Load(Example("federation-paper-vswitches-mixed.yaml"), Example("elearning.yaml"), Example("policy-vpls.yaml"))
            .GetValueOrThrow();
        var plan = Planner.Plan(set.Federation, set.Services);
        foreach (var spec in plan.Specs.Values)
        {
            var (calls, output) = Record(plan, spec.Key, forward: false);
            Assert.NotEmpty(calls);
            Assert.Empty(output.Flows);
            Assert.Empty(output.Ports);
            Assert.Empty(output.Meters);
            Assert.Empty(output.OwnedSwitches);
        }
    }

    [Fact]
    public void ControlLayer_RecordingDriversForwardingToTheRealOnes_SameContributionAsTheDefault()
    {
        var set = DescriptionSet.Load(Example("federation-paper-vswitches-mixed.yaml"), Example("elearning.yaml"), Example("policy-vpls.yaml"))
            .GetValueOrThrow();
        var plan = Planner.Plan(set.Federation, set.Services);
        foreach (var spec in plan.Specs.Values)
        {
            var expected = NetworkFlows.Build(plan.Topology, spec);
            var (_, actual) = Record(plan, spec.Key, forward: true);
            Assert.Equal(expected.Flows.Keys.Order(), actual.Flows.Keys.Order());
            foreach (var (id, flows) in expected.Flows)
                Assert.Equal(flows, actual.Flows[id]);
            Assert.Equal(expected.OwnedSwitches, actual.OwnedSwitches);
            Assert.Equal(expected.Ports.Keys.Order(), actual.Ports.Keys.Order());
            foreach (var (id, ports) in expected.Ports)
                Assert.Equal(ports.OrderBy(p => p.Name, StringComparer.Ordinal), actual.Ports[id].OrderBy(p => p.Name, StringComparer.Ordinal));
            Assert.Equal(expected.Meters.Keys.Order(), actual.Meters.Keys.Order());
            foreach (var (id, meters) in expected.Meters)
                Assert.Equal(meters.OrderBy(m => m.Id), actual.Meters[id].OrderBy(m => m.Id));
        }
    }

    [Fact]
    public void Bases_RecordingDrivers_OneNodeScopeSwitchingElementPerNode()
    {
        var plan = Planner.Plan(DescriptionReader.ReadFederation(Example("federation-paper-vswitches-mixed.yaml")).GetValueOrThrow(), []);
        var calls = new List<string>();
        var bases = Assembler.Bases(plan.Topology, Drivers(calls, forward: true));

        Assert.Equal(
        [
            "ovs.SwitchingElement kuas-rack1", "bridge-per-network.SwitchingElement kuas-rack2", "gateway.SwitchingElement kuas-gw",
            "bridge-per-network.SwitchingElement ncku-h1", "gateway.SwitchingElement ncku-gw",
            "ovs.SwitchingElement ntust-h1", "gateway.SwitchingElement ntust-gw",
        ], calls);
        Assert.Equal(plan.State.Switches.Keys.Order(), bases.Keys.Order());
    }

    private static (List<string> Calls, Contribution Output) Record(NetworkPlan plan, NetworkKey network, bool forward)
    {
        var calls = new List<string>();
        var output = NetworkFlows.Build(plan.Topology, plan.Specs[network], Drivers(calls, forward));
        return (calls, output);
    }

    private static ControlDrivers Drivers(List<string> calls, bool forward) => new(
        new RecordingDriver(new OvsDriver(), calls, forward),
        new RecordingDriver(new BridgePerNetworkDriver(), calls, forward),
        new RecordingDriver(new GatewayDriver(), calls, forward));

    /// <summary>Writes each call as one line; forwards it to <paramref name="inner"/> or, when not, does nothing.</summary>
    private sealed class RecordingDriver(IControlDriver inner, List<string> calls, bool forward) : IControlDriver
    {
        public string Name => inner.Name;

        public SwitchState SwitchingElement(ControlContext context, NodeRef node)
        {
            calls.Add($"{Name}.SwitchingElement {node.Name}");
            return inner.SwitchingElement(context, node);
        }

        public void SwitchingElement(ControlContext context, NetworkElement element)
        {
            calls.Add($"{Name}.SwitchingElement {element.Node}");
            if (forward)
                inner.SwitchingElement(context, element);
        }

        public void VirtualPort(ControlContext context, NetworkElement element, int vif)
        {
            calls.Add($"{Name}.VirtualPort {element.Node} {context.Net.Vifs[vif].Key.Vm.Vm}");
            if (forward)
                inner.VirtualPort(context, element, vif);
        }

        public void Link(ControlContext context, NetworkElement element, LinkRef link, ReadOnlySpan<LinkTarget> targets)
        {
            var topology = context.Topology;
            var hop = link.Kind == LinkHop.Transit
                ? $" {topology.Transits[link.In].Name}>{(link.Out < 0 ? "site" : topology.Transits[link.Out].Name)}"
                : "";
            var to = new List<string>();
            foreach (var t in targets)
                to.Add(context.Net.Vifs[t.Vif].Key.Vm.Vm + (t.Transit < 0 ? "" : "@" + topology.Transits[t.Transit].Name));
            calls.Add($"{Name}.Link {element.Node} {link.Kind}{hop} -> {string.Join(" ", to)}");
            if (forward)
                inner.Link(context, element, link, targets);
        }

        public void Policy(ControlContext context, NetworkElement element, PolicyRef policy)
        {
            var p = context.Net.Policies[policy.Policy];
            var detail = policy.Scope switch
            {
                PolicyScope.Transit => " " + context.Topology.Transits[policy.Transit].Name,
                PolicyScope.Pair => $" {context.Net.Vifs[policy.From].Key.Vm.Vm}>{context.Net.Vifs[policy.To].Key.Vm.Vm}",
                PolicyScope.Port => " " + context.Net.Vifs[policy.From].Key.Vm.Vm,
                _ => "",
            };
            calls.Add($"{Name}.Policy {element.Node} {p.Policy.Name} {policy.Scope}{detail}");
            if (forward)
                inner.Policy(context, element, policy);
        }
    }
}
