using FedNet.Planning.State;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>Rate limits become meters on the switches that carry the traffic; guaranteed floors become warnings.</summary>
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
        Assert.Single(Plan.State.Switches[new SwitchId("ncku-h1", "br-int")].AllFlows, f => Cookies.KindOf(f.Cookie) == CookieKind.Policy);
    }

    [Fact]
    public void Guaranteed_OnNetdev_WarningNotSilence()
    {
        var warning = Assert.Single(Plan.Diagnostics);
        Assert.Equal(PlanSeverity.Warning, warning.Severity);
        Assert.Contains("not enforceable on netdev", warning.Message, StringComparison.Ordinal);
        Assert.Equal("service.yaml", warning.Location.File);
        Assert.True(warning.Location.Line > 0);
    }
}
