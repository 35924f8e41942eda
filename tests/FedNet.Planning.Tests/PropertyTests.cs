using CsCheck;
using FedNet.Model;
using FedNet.Planning.Simulation;
using FedNet.Planning.State;
using Xunit;

namespace FedNet.Planning.Tests;

/// <summary>Properties over random valid federations and services (see <see cref="RandomDescriptions"/>).</summary>
public sealed class PropertyTests
{
    private static readonly Gen<int> Seeds = Gen.Int[0, int.MaxValue];

    private static (Federation, List<Service>)? Valid(int seed)
    {
        var (federation, services) = RandomDescriptions.Build(seed);
        return Validator.Validate(federation, services).IsValid ? (federation, services) : null;
    }

    [Fact]
    public void RandomDescriptions_MostAreValid_SoThePropertiesTestSomething()
    {
        var valid = Enumerable.Range(0, 50).Count(seed => Valid(seed) is not null);
        Assert.True(valid >= 40, $"only {valid}/50 random descriptions pass the validator: " +
            string.Join("; ", Enumerable.Range(0, 50).Select(s => RandomDescriptions.Build(s))
                .SelectMany(d => Validator.Validate(d.Federation, d.Services).Errors).Take(3)));
    }

    [Fact]
    public void Allocations_RandomDescriptions_UniqueAndOneTagPerNetworkPerSite()
    {
        Seeds.Sample(seed =>
        {
            if (Valid(seed) is not var (federation, services))
                return;
            var a = Planner.Plan(federation, services).Allocations;
            Assert.Equal(a.Macs.Count, a.Macs.Values.Distinct().Count());
            Assert.Equal(a.VifIds.Count, a.VifIds.Values.Distinct().Count());
            Assert.Equal(a.NetworkIds.Count, a.NetworkIds.Values.Distinct().Count());
            Assert.Equal(a.Ips.Count, a.Ips.Select(p => (NetworkOf(p.Key, services), p.Value)).Distinct().Count());
            Assert.Equal(a.Ports.Count, a.Ports.Values.Distinct().Count());
            Assert.Equal(a.PrivateVlans.Count, a.PrivateVlans.Select(p => (p.Key.Site, p.Value)).Distinct().Count());
            Assert.Equal(a.TunnelKeys.Count, a.TunnelKeys.Select(p => (p.Key.Transit, p.Value)).Distinct().Count());
        }, iter: 200);
    }

    [Fact]
    public void Flows_RandomDescriptions_NoTwoFlowsWithOneIdentityAndAllOwned()
    {
        Seeds.Sample(seed =>
        {
            if (Valid(seed) is not var (federation, services))
                return;
            foreach (var sw in Planner.Plan(federation, services).State.Switches.Values)
            {
                var flows = sw.AllFlows.ToList();
                Assert.Equal(flows.Count, flows.Select(f => (f.Table, f.Priority, f.Match)).Distinct().Count());
                Assert.All(flows, f => Assert.True(Cookies.IsFedNet(f.Cookie)));
                Assert.All(sw.Ports.Values, p => Assert.Equal("fednet", p.ExternalIds["fednet-owner"]));
            }
        }, iter: 200);
    }

    [Fact]
    public void Simulator_RandomDescriptions_EveryPairOfANetworkConnectedNoPairAcrossNetworks()
    {
        Seeds.Sample(seed =>
        {
            if (Valid(seed) is not var (federation, services))
                return;
            var plan = Planner.Plan(federation, services);
            Assert.DoesNotContain(plan.Diagnostics, d => d.Severity == PlanSeverity.Error);
            var sim = new DataplaneSimulator(plan);
            var vifs = sim.Vifs.ToList();
            foreach (var a in vifs)
            {
                var net = sim.NetworkOf(a);
                foreach (var b in vifs)
                {
                    if (a == b)
                        continue;
                    var result = sim.Send(a, Frame.Unicast(sim.MacOf(a), sim.MacOf(b)));
                    Assert.False(result.Loops);
                    Assert.All(result.Delivered, d => Assert.Equal(net, sim.NetworkOf(d.Vif)));
                    Assert.All(result.Delivered, d => Assert.Null(d.Frame.Vlan));
                    if (sim.NetworkOf(b) == net)
                        Assert.Contains(result.Delivered, d => d.Vif == b);
                    else
                        Assert.DoesNotContain(result.Delivered, d => d.Vif == b);
                }
                var broadcast = sim.Send(a, Frame.ArpRequest(sim.MacOf(a), sim.IpOf(a), 0x0A0000FE));
                Assert.Empty(broadcast.TransitCrossings);
                Assert.All(broadcast.Delivered, d => Assert.Equal(net, sim.NetworkOf(d.Vif)));
            }
        }, iter: 100);
    }

    [Fact]
    public void Simulator_RandomDescriptions_ArpFromOvsHostAnsweredLocallyWithThePeersMac()
    {
        Seeds.Sample(seed =>
        {
            if (Valid(seed) is not var (federation, services))
                return;
            var plan = Planner.Plan(federation, services);
            var sim = new DataplaneSimulator(plan);
            foreach (var a in sim.Vifs)
            {
                var host = plan.Allocations.Hosts[a.Vm];
                if (federation.Sites.SelectMany(s => s.Hosts).Single(h => h.Name == host).Driver != HostDriver.Ovs)
                    continue;
                var net = services.Single(s => s.Tenant == a.Vm.Tenant).Networks.Single(n => n.Name == sim.NetworkOf(a).Network);
                foreach (var b in sim.Vifs.Where(b => b != a && sim.NetworkOf(b) == sim.NetworkOf(a)))
                {
                    var result = sim.Send(a, Frame.ArpRequest(sim.MacOf(a), sim.IpOf(a), sim.IpOf(b)));
                    Assert.Empty(result.TransitCrossings);
                    if (net.Arp == ArpMode.Controller)
                    {
                        Assert.NotEmpty(result.PacketIns);
                        continue;
                    }
                    Assert.Contains(result.Delivered, d => d.Vif == a && d.Frame.ArpOp == 2 && d.Frame.ArpSha == sim.MacOf(b)
                        && d.Frame.ArpSpa == sim.IpOf(b) && d.Frame.EthDst == sim.MacOf(a));
                }
            }
        }, iter: 100);
    }

    [Fact]
    public void Plan_RandomDescriptionsWithPreviousAllocations_Idempotent()
    {
        Seeds.Sample(seed =>
        {
            if (Valid(seed) is not var (federation, services))
                return;
            var first = Planner.Plan(federation, services);
            var again = Planner.Plan(federation, services, first.Allocations);
            Assert.Equal(first.Allocations, again.Allocations);
            StateAssert.Equal(first.State, again.State);
        }, iter: 200);
    }

    [Fact]
    public void IncrementalPlan_RandomChanges_EachEqualsFullReplanAndTouchesOnlyDelta()
    {
        Seeds.Sample(seed =>
        {
            if (Valid(seed) is not var (federation, services))
                return;
            var rng = new Random(seed);
            var before = Planner.Plan(federation, services);
            for (var step = 0; step < 4; step++)
            {
                var victim = services[rng.Next(services.Count)];
                PlanChange change = rng.Next(3) switch
                {
                    0 => new RemoveService(victim.Tenant, victim.Name),
                    1 => new UpsertService(RandomDescriptions.RandomService(rng, [.. federation.Sites], victim.Tenant, victim.Name)),
                    _ => new UpsertService(RandomDescriptions.RandomService(rng, [.. federation.Sites], $"new{step}", "svc")),
                };
                var after = change is UpsertService u
                    ? services.Where(s => (s.Tenant, s.Name) != (u.Value.Tenant, u.Value.Name)).Append(u.Value).ToList()
                    : services.Where(s => s != victim).ToList();
                if (after.Count == 0 || !Validator.Validate(federation, after).IsValid)
                    return;

                var update = Planner.Plan(before, change);
                var full = Planner.Plan(federation, after, before.Allocations);
                Assert.Equal(full.Allocations, update.Plan.Allocations);
                StateAssert.Equal(full.State, update.Plan.State);
                Assert.Equal(full.Diagnostics, update.Plan.Diagnostics);
                foreach (var (id, state) in full.State.Switches)
                {
                    if (!update.Delta.Upserted.ContainsKey(id))
                        Assert.Equal(state, before.State.Switches[id]);
                }
                Assert.All(update.Delta.Removed, id => Assert.False(full.State.Switches.ContainsKey(id)));
                before = update.Plan;
                services = after;
            }
        }, iter: 200);
    }

    private static NetworkKey NetworkOf(VifKey vif, List<Service> services)
    {
        var service = services.Single(s => s.Tenant == vif.Vm.Tenant && s.Name == vif.Vm.Service);
        var vm = service.Vms.Single(v => v.Name == vif.Vm.Vm);
        return new NetworkKey(service.Tenant, service.Name, vm.Interfaces[vif.Index].Network);
    }
}
