using FedNet.Model;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>Allocation rules: unique, inside their pools, fixed values honoured, stable across re-plans.</summary>
public sealed class AllocationTests
{
    private static Service Elearning() => DescriptionReader.ReadService(Example("elearning.yaml")).GetValueOrThrow();

    private static Service Small(string extraVm = "") => Service($$"""
        tenant: t
        service: s
        networks: [{ name: a, cidr: 10.1.0.0/29 }, { name: b, cidr: 10.2.0.0/24 }]
        vms:
          - { name: v1, placement: { site: kuas }, interfaces: [{ network: a }, { network: b, ip: 10.2.0.1 }] }
          - { name: v2, placement: { host: ncku-h1 }, interfaces: [{ network: a }] }
          {{extraVm}}
        """);

    [Fact]
    public void Ips_NetworkAndBroadcastSkipped_FixedHonouredFirstFreeHandedOut()
    {
        var plan = Planner.Plan(PaperFederation(), [Small()]);
        Assert.Equal(Ip("10.1.0.1"), plan.Allocations.Ips[Vif("t", "s", "v1")]);
        Assert.Equal(Ip("10.2.0.1"), plan.Allocations.Ips[Vif("t", "s", "v1", 1)]);
        Assert.Equal(Ip("10.1.0.2"), plan.Allocations.Ips[Vif("t", "s", "v2")]);
    }

    [Fact]
    public void Ips_PoolExhausted_DiagnosticNotException()
    {
        var vms = string.Join("\n  ", Enumerable.Range(0, 7).Select(i => $"- {{ name: x{i}, placement: {{ host: kuas-rack1 }}, interfaces: [{{ network: a }}] }}"));
        var plan = Planner.Plan(PaperFederation(), [Small(vms)]);
        // A /29 has six hosts; nine vifs ask for one.
        var error = Assert.Single(plan.Diagnostics.Where(d => d.Severity == PlanSeverity.Error).Take(1));
        Assert.Contains("no address left in 10.1.0.0/29", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, plan.Allocations.Ips.Count(p => (p.Value & 0xFFFFFFF8) == Ip("10.1.0.0")));
    }

    [Fact]
    public void Macs_Allocated_UniqueInsidePrefixAndNeverZeroOrBroadcastSuffix()
    {
        var plan = Planner.Plan(PaperFederation(), [Elearning(), .. Figure3()]);
        var macs = plan.Allocations.Macs.Values.ToList();
        Assert.Equal(macs.Count, macs.Distinct().Count());
        Assert.All(macs, m => Assert.Equal(0x02fe00ul, m >> 24));
        Assert.All(macs, m => Assert.NotEqual(0ul, m & 0xFFFFFF));
    }

    [Fact]
    public void PrivateVlans_SameNetwork_DifferentTagsPerSiteFromEachSitesPool()
    {
        var plan = Planner.Plan(PaperFederation(), [Elearning()]);
        foreach (var ((_, site), vlan) in plan.Allocations.PrivateVlans)
        {
            var range = plan.Federation.Sites.Single(s => s.Name == site).PrivateVlans;
            Assert.True(range.Contains(vlan), $"{vlan} outside {range} of {site}");
        }
        foreach (var group in plan.Allocations.PrivateVlans.GroupBy(p => p.Key.Site))
            Assert.Equal(group.Count(), group.Select(p => p.Value).Distinct().Count());
    }

    [Fact]
    public void Plan_WithPreviousAllocations_ChangesNothing()
    {
        Service[] services = [Elearning(), .. Figure3()];
        var first = Planner.Plan(PaperFederation(), services);
        var again = Planner.Plan(PaperFederation(), services, first.Allocations);
        Assert.Equal(first.Allocations, again.Allocations);
        Assert.Equal(first.State, again.State);
    }

    [Fact]
    public void Plan_AddingAndRemovingAVm_NeverRenumbersOthers()
    {
        var first = Planner.Plan(PaperFederation(), [Small()]);
        var added = Planner.Plan(PaperFederation(), [Small("- { name: v0, placement: { host: kuas-rack2 }, interfaces: [{ network: a }] }")],
            first.Allocations);
        foreach (var (vif, mac) in first.Allocations.Macs)
            Assert.Equal(mac, added.Allocations.Macs[vif]);
        foreach (var (vif, ip) in first.Allocations.Ips)
            Assert.Equal(ip, added.Allocations.Ips[vif]);
        Assert.Equal(first.Allocations.PrivateVlans, added.Allocations.PrivateVlans);

        var removed = Planner.Plan(PaperFederation(), [Small()], added.Allocations);
        Assert.Equal(first.Allocations.Macs, removed.Allocations.Macs);
        Assert.Equal(first.Allocations.Ips, removed.Allocations.Ips);
        // Counters keep growing: the removed VM's MAC is not handed to the next newcomer.
        Assert.True(removed.Allocations.NextMacSuffix > first.Allocations.NextMacSuffix);
    }

    [Fact]
    public void Plan_ServicesInAnotherOrder_SameAllocations()
    {
        var a = Planner.Plan(PaperFederation(), [Elearning(), .. Figure3()]);
        var b = Planner.Plan(PaperFederation(), [.. Figure3().Reverse(), Elearning()]);
        Assert.Equal(a.Allocations, b.Allocations);
        Assert.Equal(a.State, b.State);
    }

    [Fact]
    public void Hosts_SitePlacement_StableAndInsideTheSite()
    {
        var plan = Planner.Plan(PaperFederation(), [Small()]);
        Assert.StartsWith("kuas-rack", plan.Allocations.Hosts[new VmKey("t", "s", "v1")], StringComparison.Ordinal);
        var again = Planner.Plan(PaperFederation(), [Small()], plan.Allocations);
        Assert.Equal(plan.Allocations.Hosts, again.Allocations.Hosts);
    }

    [Fact]
    public void TunnelKeys_OnlyForTransitsOnTheNetworksPaths()
    {
        var plan = Planner.Plan(PaperFederation(), [.. Figure3()]);
        Assert.Empty(plan.Allocations.TunnelKeys);
        Assert.Equal([2782, 2782], plan.Allocations.PublicVlans.Values);
    }
}
