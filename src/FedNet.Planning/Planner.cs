using FedNet.Model;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning;

/// <summary>
/// The pure planner: federation + services (+ previous allocations) → allocations and the desired state of every
/// switch. No I/O, clock or randomness: the same inputs always give the same plan.
/// </summary>
public static class Planner
{
    /// <summary>Plans <paramref name="services"/> over <paramref name="federation"/> from scratch, keeping <paramref name="previous"/> allocations.</summary>
    /// <remarks>Expects descriptions that passed the model's validator; what still cannot be planned becomes a diagnostic.</remarks>
    public static NetworkPlan Plan(Federation federation, IEnumerable<Service> services, Allocations? previous = null)
    {
        ArgumentNullException.ThrowIfNull(federation);
        ArgumentNullException.ThrowIfNull(services);
        var topology = new Topology(federation);
        var serviceMap = ValueMap<ServiceKey, Service>.From(services.Select(s => KeyValuePair.Create(new ServiceKey(s.Tenant, s.Name), s)));
        var (allocations, specs, diagnostics) = Allocate(topology, serviceMap, previous ?? Allocations.Empty);
        var contributions = specs.Values.OrderBy(s => s.Id).Select(s => (s.Id, NetworkFlows.Build(topology, s)));
        var switches = Assembler.Assemble(Assembler.Bases(topology), contributions);
        return new NetworkPlan(federation, serviceMap, allocations, new DesiredState(switches), diagnostics, topology, specs);
    }

    /// <summary>
    /// Plans one change on top of <paramref name="previous"/>: only the networks of the changed service are re-planned,
    /// and only the switches they touch change. The result equals a full re-plan with the previous allocations.
    /// </summary>
    public static PlanUpdate Plan(NetworkPlan previous, PlanChange change)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(change);
        var key = change.Service;
        var services = change switch
        {
            UpsertService u => previous.Services.SetItem(key, u.Value),
            _ => previous.Services.Remove(key),
        };
        var topology = previous.Topology;
        var (allocations, specs, diagnostics) = Allocate(topology, services, previous.Allocations);

        var changed = new SortedSet<NetworkKey>();
        foreach (var k in previous.Specs.Keys.Concat(specs.Keys))
        {
            if (k.Tenant == key.Tenant && k.Service == key.Service)
                changed.Add(k);
        }
        var touched = new Dictionary<SwitchId, SwitchState?>();
        var current = previous.State.Switches;
        SwitchState? Current(SwitchId id) => current.TryGetValue(id, out var s) ? s : null;
        foreach (var k in changed)
        {
            if (previous.Specs.TryGetValue(k, out var old))
                Assembler.Remove(touched, Current, old.Id, NetworkFlows.Build(topology, old));
        }
        foreach (var k in changed)
        {
            if (specs.TryGetValue(k, out var fresh))
                Assembler.Add(touched, Current, fresh.Id, NetworkFlows.Build(topology, fresh));
        }

        var switches = current;
        var upserted = new List<KeyValuePair<SwitchId, SwitchState>>();
        var removed = new List<SwitchId>();
        foreach (var (id, state) in touched.OrderBy(p => p.Key))
        {
            var had = current.TryGetValue(id, out var before);
            if (state is null)
            {
                if (had)
                {
                    removed.Add(id);
                    switches = switches.Remove(id);
                }
            }
            else if (!had || !before!.Equals(state))
            {
                upserted.Add(KeyValuePair.Create(id, state));
                switches = switches.SetItem(id, state);
            }
        }
        var plan = new NetworkPlan(previous.Federation, services, allocations, new DesiredState(switches), diagnostics, topology, specs);
        return new PlanUpdate(plan, new DesiredStateDelta(ValueMap<SwitchId, SwitchState>.From(upserted), ValueArray.From(removed)));
    }

    private static (Allocations, Dictionary<NetworkKey, NetworkSpec>, ValueArray<PlanDiagnostic>) Allocate(
        Topology topology, ValueMap<ServiceKey, Service> services, Allocations previous)
    {
        var diagnostics = new List<PlanDiagnostic>();
        var (allocations, specs) = new Allocator(topology, previous, diagnostics).Run([.. services.Values]);
        Diagnose(topology, specs, diagnostics);
        return (allocations, specs.ToDictionary(s => s.Key), ValueArray.From(diagnostics));
    }

    /// <summary>Warnings about what is asked but cannot be fully enforced.</summary>
    private static void Diagnose(Topology topology, List<NetworkSpec> specs, List<PlanDiagnostic> diagnostics)
    {
        foreach (var spec in specs.OrderBy(s => s.Key))
        {
            foreach (var p in spec.Policies)
            {
                if (p.Policy.Guaranteed is { } g)
                {
                    diagnostics.Add(new(PlanSeverity.Warning,
                        $"policy '{p.Policy.Name}' on {spec.Key}: a guaranteed rate of {g} bit/s is not enforceable on netdev " +
                        "(the userspace datapath has no queueing floor); only the rate limit is applied", p.Policy.Location));
                }
                if (p.VmA is not null && spec.Vifs.Exists(v => (v.Key.Vm.Vm == p.VmA || v.Key.Vm.Vm == p.VmB) && v.Host.Driver == HostDriver.BridgePerNetwork)
                    && p.Policy.Rate is not null)
                {
                    diagnostics.Add(new(PlanSeverity.Warning,
                        $"policy '{p.Policy.Name}' on {spec.Key}: a VM on a bridge-per-network host gets the rate as a policer on its whole vif",
                        p.Policy.Location));
                }
            }
            foreach (var site in spec.Sites)
            {
                var segments = spec.Vifs.Where(v => v.Site == site).Select(v => v.Host.Segment).Distinct().Count();
                var offGateway = spec.Sites.Count > 1 && spec.Vifs.Exists(v => v.Site == site && !topology.GatewayOnSegment(v.Host));
                if (segments > 1 || offGateway)
                {
                    diagnostics.Add(new(PlanSeverity.Error,
                        $"network {spec.Key} has vifs on segments of site '{topology.Sites[site].Name}' that do not reach each other " +
                        "(or the gateway); those pairs get no link", spec.Network.Location));
                }
            }
        }
    }
}
