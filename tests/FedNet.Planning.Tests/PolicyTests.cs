using System.Text;
using System.Text.Json;
using FedNet.Model;
using FedNet.Planning.State;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>
/// Rate limits become meters on the switches that carry the traffic (or a port shaper where a learning bridge has no
/// flows); guaranteed floors become warnings naming the nodes; `plan` reports every policy.
/// </summary>
public sealed class PolicyTests
{
    private static readonly NetworkPlan Plan = Planner.Plan(PaperFederation(), [Service("""
        tenant: t
        service: s
        networks: [{ name: n, cidr: 10.9.0.0/24 }]
        vms:
          - { name: a, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
          - { name: b, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
        policies:
          - { name: wan, network: n, transit: kuas-ncku, rate: 100mbit }
          - { name: pair, between: [a, b], rate: 50mbit, guaranteed: 20mbit }
        """)]);

    /// <summary>The paper federation with kuas-rack2 and ncku-h1 on the bridge-per-network driver.</summary>
    private static Federation MixedFederation() => Federation(File.ReadAllText(Example("federation-paper.yaml"))
        .Replace("underlay: 10.1.0.12, driver: ovs", "underlay: 10.1.0.12, driver: bridge-per-network", StringComparison.Ordinal)
        .Replace("underlay: 10.2.0.11, driver: ovs", "underlay: 10.2.0.11, driver: bridge-per-network", StringComparison.Ordinal));

    private static IEnumerable<FlowEntry> FlowsOf(NetworkPlan plan, string node, string bridge) =>
        plan.State.Switches[new SwitchId(node, bridge)].AllFlows;

    [Fact]
    public void NetworkPolicy_AcrossTransit_MetersTheGatewayEgressOnBothSides()
    {
        foreach (var gw in new[] { "kuas-gw", "ncku-gw" })
        {
            var state = Plan.State.Switches[new SwitchId(gw, "br-gw")];
            var meter = Assert.Single(state.Meters.Values);
            Assert.Equal(100_000ul, meter.RateKbps);
            var egress = state.AllFlows.Where(f => Cookies.KindOf(f.Cookie) == CookieKind.GatewayEgress).ToList();
            Assert.NotEmpty(egress);
            Assert.All(egress, f => Assert.Equal(new Meter(meter.Id), f.Actions[0]));
        }
    }

    [Fact]
    public void Meter_Burst_IsHalfASecondAtTheRate()
    {
        var meter = Plan.State.Switches[new SwitchId("kuas-gw", "br-gw")].Meters.Values.Single();

        Assert.Equal(50_000ul, meter.BurstKbits);
    }

    [Fact]
    public void PairPolicy_BetweenVms_MeteredFlowOnEachSendersHost()
    {
        var host = Plan.State.Switches[new SwitchId("kuas-rack1", "br-int")];
        var meter = Assert.Single(host.Meters.Values);
        Assert.Equal(50_000ul, meter.RateKbps);
        var flow = Assert.Single(host.AllFlows, f => Cookies.KindOf(f.Cookie) == CookieKind.Policy);
        Assert.Equal(Tables.PolicyPriority, flow.Priority);
        Assert.Equal(Plan.Allocations.Macs[Vif("t", "s", "a")], flow.Match.Get(FieldKind.EthSrc)!.Value.Value);
        Assert.Equal(Plan.Allocations.Macs[Vif("t", "s", "b")], flow.Match.Get(FieldKind.EthDst)!.Value.Value);
        Assert.Equal(new Meter(meter.Id), flow.Actions[0]);
        Assert.Single(FlowsOf(Plan, "ncku-h1", "br-int"), f => Cookies.KindOf(f.Cookie) == CookieKind.Policy);
    }

    [Fact]
    public void Guaranteed_OnNetdev_WarningNamesTheNodesAndSaysBestEffort()
    {
        var warning = Assert.Single(Plan.Diagnostics);
        Assert.Equal(PlanSeverity.Warning, warning.Severity);
        Assert.Contains("guaranteed 20 Mbit/s: not enforceable on netdev datapath of kuas-rack1, ncku-h1; best effort", warning.Message,
            StringComparison.Ordinal);
        Assert.Equal("service.yaml", warning.Location.File);
        Assert.True(warning.Location.Line > 0);
    }

    [Fact]
    public void WholeNetworkPolicy_OvsHosts_MeterVifIngressAndTrunkAdmissionAndGatewaysStayUnmetered()
    {
        var plan = Planner.Plan(PaperFederation(), [Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }, { name: free, cidr: 10.8.0.0/24 }]
            vms:
              - { name: a, placement: { host: kuas-rack1 }, interfaces: [{ network: n }, { network: free }] }
              - { name: b, placement: { host: ncku-h1 }, interfaces: [{ network: n }, { network: free }] }
            policies:
              - { name: all, network: n, rate: 30mbit }
            """)]);
        var net = plan.Allocations.NetworkIds[new NetworkKey("t", "s", "n")];
        var free = plan.Allocations.NetworkIds[new NetworkKey("t", "s", "free")];

        foreach (var host in new[] { "kuas-rack1", "ncku-h1" })
        {
            var state = plan.State.Switches[new SwitchId(host, "br-int")];
            var meter = Assert.Single(state.Meters.Values);
            Assert.Equal(30_000ul, meter.RateKbps);
            var table0 = state.Flows[net].Where(f => f.Table == Tables.Ingress).ToList();
            Assert.Equal(2, table0.Count); // the vif's ingress and the trunk admission
            Assert.All(table0, f => Assert.Equal(new Meter(meter.Id), f.Actions[0]));
            Assert.DoesNotContain(state.Flows[free], f => f.Actions.Any(a => a is Meter));
        }
        Assert.All(plan.State.Switches.Values.Where(s => s.Role == SwitchRole.Gateway), s => Assert.Empty(s.Meters));
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void PairPolicy_SenderOnBridgePerNetworkHost_MeteredAtTheReceiversOvsHost()
    {
        var plan = Planner.Plan(MixedFederation(), [Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }]
            vms:
              - { name: a, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: b, placement: { host: kuas-rack2 }, interfaces: [{ network: n }] }
            policies:
              - { name: pair, between: [a, b], rate: 40mbit }
            """)]);
        var macA = plan.Allocations.Macs[Vif("t", "s", "a")];
        var macB = plan.Allocations.Macs[Vif("t", "s", "b")];

        var metered = FlowsOf(plan, "kuas-rack1", "br-int").Where(f => Cookies.KindOf(f.Cookie) == CookieKind.Policy).ToList();

        Assert.Equal(2, metered.Count);
        Assert.Contains(metered, f => f.Match.Get(FieldKind.EthSrc)!.Value.Value == macB && f.Match.Get(FieldKind.EthDst)!.Value.Value == macA
            && f.Actions.OfType<Output>().Single().Port == (uint)plan.Allocations.Ports[Vif("t", "s", "a")].Ofport);
        Assert.Contains(metered, f => f.Match.Get(FieldKind.EthSrc)!.Value.Value == macA && f.Match.Get(FieldKind.EthDst)!.Value.Value == macB);
        // Both directions are metered on kuas-rack1, so b's vif needs no shaper, and no policer is left anywhere.
        Assert.All(plan.State.Switches.Values.SelectMany(s => s.Ports.Values), p =>
        {
            Assert.Equal(0, p.EgressMaxRateKbps);
            Assert.Equal(0, p.IngressPolicingRateKbps);
        });
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void PairPolicy_BothOnBridgePerNetworkHosts_ShaperOnEachVifAndAWarning()
    {
        var plan = Planner.Plan(MixedFederation(), [Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }]
            vms:
              - { name: a, placement: { host: kuas-rack2 }, interfaces: [{ network: n }] }
              - { name: b, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
            policies:
              - { name: pair, between: [a, b], rate: 40mbit }
            """)]);

        var vifPorts = plan.State.Switches.Values.Where(s => s.Role == SwitchRole.NetworkBridge)
            .SelectMany(s => s.Ports.Values).Where(p => p.Name.StartsWith("vf", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, vifPorts.Count);
        Assert.All(vifPorts, p => Assert.Equal(40_000, p.EgressMaxRateKbps));
        Assert.All(vifPorts, p => Assert.Equal(0, p.IngressPolicingRateKbps));
        var warning = Assert.Single(plan.Diagnostics);
        Assert.Contains("caps everything delivered to each of their vifs", warning.Message, StringComparison.Ordinal);
        var report = Assert.Single(PolicyReport.For(plan));
        Assert.Equal(2, report.EnforcedBy.Count);
        Assert.All(report.EnforcedBy, e => Assert.Contains("linux-htb max-rate 40000 kbit/s", e, StringComparison.Ordinal));
    }

    [Fact]
    public void TransitPolicy_TransitOffThePath_WarnsAndReportsNothingEnforced()
    {
        var plan = Planner.Plan(PaperFederation(), [Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }]
            vms:
              - { name: a, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: b, placement: { host: kuas-rack2 }, interfaces: [{ network: n }] }
            policies:
              - { name: wan, network: n, transit: kuas-ncku, rate: 10mbit }
            """)]);

        Assert.All(plan.State.Switches.Values, s => Assert.Empty(s.Meters));
        Assert.Contains("is on no path of the network", Assert.Single(plan.Diagnostics).Message, StringComparison.Ordinal);
        var report = Assert.Single(PolicyReport.For(plan));
        Assert.Empty(report.EnforcedBy);
        Assert.Contains("is on no path of the network", Assert.Single(report.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_EveryPolicy_SaysWhereItIsEnforcedAndWhatIsNot()
    {
        var report = PolicyReport.For(Plan);

        Assert.Equal(["pair", "wan"], report.Select(r => r.Policy));
        var pair = report[0];
        Assert.Equal("VMs a <-> b", pair.Scope);
        Assert.Equal(50_000_000, pair.RateBitsPerSecond);
        Assert.Equal(20_000_000, pair.GuaranteedBitsPerSecond);
        Assert.Equal(2, pair.EnforcedBy.Count);
        Assert.Contains(pair.EnforcedBy, e => e.StartsWith("kuas-rack1/br-int: meter", StringComparison.Ordinal));
        Assert.Equal("guaranteed 20 Mbit/s: not enforceable on netdev datapath of kuas-rack1, ncku-h1; best effort", Assert.Single(pair.Notes));
        var wan = report[1];
        Assert.Equal("across transit kuas-ncku", wan.Scope);
        Assert.Equal(["kuas-gw/br-gw", "ncku-gw/br-gw"], wan.EnforcedBy.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Empty(wan.Notes);
    }

    [Fact]
    public void Json_Policies_CarryEnforcementAndTheGuaranteedNote()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            PlanJson.Write(Plan, writer);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray()));

        var policies = doc.RootElement.GetProperty("policies").EnumerateArray().ToList();

        Assert.Equal(2, policies.Count);
        var pair = policies.Single(p => p.GetProperty("policy").GetString() == "pair");
        Assert.Equal(20_000_000, pair.GetProperty("guaranteed").GetInt64());
        Assert.Equal("guaranteed 20 Mbit/s: not enforceable on netdev datapath of kuas-rack1, ncku-h1; best effort",
            Assert.Single(pair.GetProperty("notEnforced").EnumerateArray()).GetString());
        Assert.Equal(2, pair.GetProperty("enforcedBy").GetArrayLength());
    }

    [Fact]
    public void Table_Policies_PrintsOneLinePerMechanismAndTheNotEnforcedNote()
    {
        var output = new StringWriter();

        PolicyReport.WriteTable(PolicyReport.For(Plan), output);

        var text = output.ToString();
        Assert.Contains("t/s/n  pair  VMs a <-> b  rate 50 Mbit/s, guaranteed 20 Mbit/s", text, StringComparison.Ordinal);
        Assert.Contains("  NOT enforced: guaranteed 20 Mbit/s: not enforceable on netdev datapath of kuas-rack1, ncku-h1; best effort", text,
            StringComparison.Ordinal);
        Assert.Contains("  enforced: kuas-gw/br-gw: meter", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ name: p, network: n, rate: 20mbit }", false)]
    [InlineData("{ name: p, network: n, transit: kuas-ncku, rate: 20mbit }", false)]
    [InlineData("{ name: p, between: [a, b], rate: 20mbit, guaranteed: 5mbit }", false)]
    [InlineData("{ name: p, network: n, rate: 20mbit }", true)]
    [InlineData("{ name: p, between: [a, c], rate: 20mbit }", true)]
    public void Incremental_PolicyAdded_EqualsAFullPlanWithTheSameAllocations(string policy, bool mixed)
    {
        var federation = mixed ? MixedFederation() : PaperFederation();
        const string Vms = """
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }]
            vms:
              - { name: a, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: b, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
              - { name: c, placement: { host: kuas-rack2 }, interfaces: [{ network: n }] }
            """;
        var before = Planner.Plan(federation, [Service(Vms)]);
        var with = Service(Vms + "\npolicies: [" + policy + "]\n");

        var update = Planner.Plan(before, new UpsertService(with));

        var full = Planner.Plan(federation, [with], update.Plan.Allocations);
        Assert.Equal(full.State, update.Plan.State);
        Assert.Equal(full.Diagnostics, update.Plan.Diagnostics);
        Assert.NotEmpty(update.Delta.Upserted);
        Assert.Contains(update.Plan.State.Switches.Values, s => s.Meters.Count > 0 || s.Ports.Values.Any(p => p.EgressMaxRateKbps > 0));
    }

    [Fact]
    public void Incremental_PolicyRemoved_MetersLeaveTheSwitchesAsInAFullPlan()
    {
        var service = Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }]
            vms:
              - { name: a, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: b, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
            """);

        var update = Planner.Plan(Plan, new UpsertService(service));

        Assert.All(update.Plan.State.Switches.Values, s => Assert.Empty(s.Meters));
        var full = Planner.Plan(PaperFederation(), [service], update.Plan.Allocations);
        Assert.Equal(full.State, update.Plan.State);
        Assert.Contains(new SwitchId("kuas-gw", "br-gw"), update.Delta.Upserted.Keys);
    }
}
