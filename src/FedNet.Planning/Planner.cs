using System.Runtime.CompilerServices;
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
    public static NetworkPlan Plan(Federation federation, IEnumerable<Service> services, Allocations? previous = null) =>
        Plan(federation, services, previous, null);

    /// <summary>A full plan, timing its phases into <paramref name="phases"/> (the planner scenario's breakdown).</summary>
    internal static NetworkPlan Plan(Federation federation, IEnumerable<Service> services, Allocations? previous, PlanPhases? phases)
    {
        ArgumentNullException.ThrowIfNull(federation);
        ArgumentNullException.ThrowIfNull(services);
        var topology = new Topology(federation);
        var serviceMap = ValueMap<ServiceKey, Service>.FromList([.. services.Select(s => KeyValuePair.Create(new ServiceKey(s.Tenant, s.Name), s))]);
        var diagnostics = new List<(ServiceKey, PlanDiagnostic)>();
        var allocator = new Allocator(topology, previous ?? Allocations.Empty, diagnostics);
        var draft = allocator.Run([.. serviceMap.Values]);
        phases?.End("allocation");
        Diagnose(topology, draft.Networks, diagnostics);
        phases?.End("diagnostics");
        // The allocation maps (sorted maps of every vif, built one insert at a time) do not feed the flows: build them
        // alongside, so the flows' workers and the maps share the cores instead of the maps running alone on one.
        var maps = Allocations.FromDraft(draft);
        var index = new UsedIndex(new(allocator.Macs), new(allocator.Vlans), new(allocator.Keys), new(allocator.PortsUsed));
        var specs = draft.Networks.ToDictionary(s => s.Key);
        var byId = draft.Networks.OrderBy(s => s.Id).ToArray();
        phases?.End("index and specs");
        var contributions = BuildAll(topology, byId);
        phases?.Mark("  flows finished at");
        var allocations = maps.GetAwaiter().GetResult();
        phases?.End("flows + allocation maps");
        var footprints = new Dictionary<NetworkKey, Footprint>(contributions.Length);
        for (var i = 0; i < byId.Length; i++)
            footprints[byId[i].Key] = contributions[i].C.Footprint!;
        phases?.End("footprints");
        var switches = Assembler.Assemble(Assembler.Bases(topology), contributions);
        phases?.End("assembly");
        return new NetworkPlan(federation, serviceMap, allocations, new DesiredState(switches), Group(diagnostics), topology, specs, index,
            footprints);
    }

    /// <summary>
    /// Every network's contribution, in the order of <paramref name="specs"/>. Each is a pure function of the topology and
    /// its own spec, so large plans build them on every core; each result lands in its own slot, so the plan is the same.
    /// </summary>
    private static (int Id, Contribution C)[] BuildAll(Topology topology, NetworkSpec[] specs)
    {
        var result = new (int Id, Contribution C)[specs.Length];
        if (specs.Length < ParallelBuildThreshold || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < specs.Length; i++)
                result[i] = (specs[i].Id, NetworkFlows.Build(topology, specs[i]));
        }
        else
        {
            Parallel.For(0, specs.Length, i => result[i] = (specs[i].Id, NetworkFlows.Build(topology, specs[i])));
        }
        return result;
    }

    /// <summary>
    /// Below this many networks the flows are built on one thread (scheduling would cost more than it saves). Low enough
    /// that the 32-network example, and so the PlanJson goldens, take the parallel path too.
    /// </summary>
    private const int ParallelBuildThreshold = 16;

    /// <summary>
    /// Plans one change on top of <paramref name="previous"/>: only the changed service is allocated and only its networks
    /// are re-planned, so only the switches they touch change. The result equals a full re-plan with the previous allocations.
    /// </summary>
    public static PlanUpdate Plan(NetworkPlan previous, PlanChange change)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(change);
        var key = change.Service;
        var topology = previous.Topology;
        var fresh = change is UpsertService u ? u.Value : null;
        var services = fresh is not null ? previous.Services.SetItem(key, fresh) : previous.Services.Remove(key);

        // The changed service's previous values: free for it to keep, and to be taken out of the allocations.
        // Looked up through the old service's networks: scanning every spec would cost as much as the federation is large.
        var oldSpecs = new List<NetworkSpec>();
        if (previous.Services.TryGetValue(key, out var replaced))
        {
            foreach (var n in replaced.Networks)
            {
                if (previous.Specs.TryGetValue(new NetworkKey(key.Tenant, key.Service, n.Name), out var spec) && !oldSpecs.Contains(spec))
                    oldSpecs.Add(spec);
            }
        }
        var exclude = new UsedIndex(
            new(oldSpecs.SelectMany(s => s.Vifs).Select(v => v.Mac).ToHashSet()),
            new(oldSpecs.SelectMany(s => s.Vlans.Select(p => (p.Key, p.Value))).ToHashSet()),
            new(oldSpecs.SelectMany(s => s.TunnelKeys.Select(p => (p.Key, p.Value))).ToHashSet()),
            new(oldSpecs.SelectMany(s => s.Vifs).Select(v => topology.PortKey(v.Host.Name, v.Ofport)).ToHashSet()));
        var diagnostics = new List<(ServiceKey, PlanDiagnostic)>();
        var allocator = new Allocator(topology, previous.Allocations, diagnostics, previous.Index, exclude);
        var draft = allocator.Run(fresh is null ? [] : [fresh]);
        Diagnose(topology, draft.Networks, diagnostics);

        var a = previous.Allocations;
        var old = previous.Services.TryGetValue(key, out var oldService) ? oldService : null;
        var networkIds = a.NetworkIds;
        var vifIds = a.VifIds;
        var hosts = a.Hosts;
        var macs = a.Macs;
        var ips = a.Ips;
        var ports = a.Ports;
        var privateVlans = a.PrivateVlans;
        var publicVlans = a.PublicVlans;
        var tunnelKeys = a.TunnelKeys;
        var policyIds = a.PolicyIds;
        // Keys the change keeps are overwritten below (SetItem leaves an equal value in place), not removed and re-added:
        // each removal from a map of the whole federation copies a path of its tree.
        if (old is not null)
        {
            foreach (var n in old.Networks)
                networkIds = Drop(networkIds, draft.NetworkIds, new NetworkKey(key.Tenant, key.Service, n.Name));
            foreach (var vm in old.Vms)
            {
                var vmKey = new VmKey(key.Tenant, key.Service, vm.Name);
                hosts = Drop(hosts, draft.Hosts, vmKey);
                for (var i = 0; i < vm.Interfaces.Count; i++)
                {
                    var vif = new VifKey(vmKey, i);
                    vifIds = Drop(vifIds, draft.VifIds, vif);
                    macs = Drop(macs, draft.Macs, vif);
                    ips = Drop(ips, draft.Ips, vif);
                    ports = Drop(ports, draft.Ports, vif);
                }
            }
            foreach (var spec in oldSpecs)
            {
                foreach (var site in spec.Vlans.Keys)
                    privateVlans = Drop(privateVlans, draft.PrivateVlans, new SiteNetworkKey(spec.Key, topology.Sites[site].Name));
                foreach (var t in spec.PublicVlans.Keys)
                    publicVlans = Drop(publicVlans, draft.PublicVlans, new TransitNetworkKey(spec.Key, topology.Transits[t].Name));
                foreach (var t in spec.TunnelKeys.Keys)
                    tunnelKeys = Drop(tunnelKeys, draft.TunnelKeys, new TransitNetworkKey(spec.Key, topology.Transits[t].Name));
                foreach (var p in spec.Policies)
                    policyIds = Drop(policyIds, draft.PolicyIds, p.Key);
            }
        }
        var allocations = new Allocations(
            draft.NextMacSuffix, draft.NextNetworkId, draft.NextVifId, draft.NextPolicyId,
            SetAll(networkIds, draft.NetworkIds), SetAll(vifIds, draft.VifIds), SetAll(hosts, draft.Hosts), SetAll(macs, draft.Macs),
            SetAll(ips, draft.Ips), SetAll(ports, draft.Ports), SetAll(privateVlans, draft.PrivateVlans), SetAll(publicVlans, draft.PublicVlans),
            SetAll(tunnelKeys, draft.TunnelKeys), SetAll(policyIds, draft.PolicyIds));
        var index = new UsedIndex(
            previous.Index.Macs.With(allocator.Macs, exclude.Macs.Items()),
            previous.Index.Vlans.With(allocator.Vlans, exclude.Vlans.Items()),
            previous.Index.TunnelKeys.With(allocator.Keys, exclude.TunnelKeys.Items()),
            previous.Index.Ports.With(allocator.PortsUsed, exclude.Ports.Items()));

        var specs = new Dictionary<NetworkKey, NetworkSpec>(previous.Specs);
        foreach (var s in oldSpecs)
            specs.Remove(s.Key);
        foreach (var s in draft.Networks)
            specs[s.Key] = s;

        var touched = new Dictionary<SwitchId, SwitchState?>();
        var current = previous.State.Switches;
        SwitchState? Current(SwitchId id) => current.TryGetValue(id, out var s) ? s : null;
        var footprints = new Dictionary<NetworkKey, Footprint>(previous.Footprints);
        foreach (var spec in oldSpecs.OrderBy(s => s.Key))
        {
            Assembler.Remove(touched, Current, spec.Id, previous.Footprints[spec.Key]);
            footprints.Remove(spec.Key);
        }
        foreach (var spec in draft.Networks.OrderBy(s => s.Key))
        {
            var contribution = NetworkFlows.Build(topology, spec);
            Assembler.Add(touched, Current, spec.Id, contribution);
            footprints[spec.Key] = contribution.Footprint!;
        }

        var changedIds = oldSpecs.Select(x => x.Id).Concat(draft.Networks.Select(x => x.Id)).ToHashSet();
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
            else if (!had || Differs(before!, state, changedIds, previous.Footprints, footprints, oldSpecs, draft.Networks))
            {
                upserted.Add(KeyValuePair.Create(id, state));
                switches = switches.Replace(id, state);
            }
        }
        var grouped = previous.DiagnosticsByService.Remove(key);
        if (Group(diagnostics).TryGetValue(key, out var mine))
            grouped = grouped.SetItem(key, mine);
        var plan = new NetworkPlan(previous.Federation, services, allocations, new DesiredState(switches), grouped, topology, specs, index,
            footprints);
        return new PlanUpdate(plan, new DesiredStateDelta(ValueMap<SwitchId, SwitchState>.From(upserted), EquatableArray.From(removed)));
    }

    /// <summary>
    /// Whether a touched switch really changed, comparing only what the changed networks own on it (a whole-switch
    /// comparison would cost as much as the federation is large).
    /// </summary>
    private static bool Differs(SwitchState before, SwitchState after, HashSet<int> changedIds,
        Dictionary<NetworkKey, Footprint> oldFootprints, Dictionary<NetworkKey, Footprint> newFootprints,
        List<NetworkSpec> oldSpecs, List<NetworkSpec> newSpecs)
    {
        if (ReferenceEquals(before, after))
            return false;
        if (before.Role != after.Role || !before.Bridge.Equals(after.Bridge) || before.Flows.Count != after.Flows.Count
            || before.Ports.Count != after.Ports.Count || before.Meters.Count != after.Meters.Count)
            return true;
        foreach (var id in changedIds)
        {
            var hadGroup = before.Flows.TryGetValue(id, out var a);
            var hasGroup = after.Flows.TryGetValue(id, out var b);
            if (hadGroup != hasGroup || (hadGroup && !a.Equals(b)))
                return true;
        }
        foreach (var footprint in oldSpecs.Select(x => oldFootprints[x.Key]).Concat(newSpecs.Select(x => newFootprints[x.Key])))
        {
            foreach (var (sw, names) in footprint.Ports)
            {
                if (sw != after.Id)
                    continue;
                foreach (var name in names)
                {
                    var had = before.Ports.TryGetValue(name, out var p);
                    var has = after.Ports.TryGetValue(name, out var q);
                    if (had != has || (had && !p!.Equals(q)))
                        return true;
                }
            }
            foreach (var (sw, ids) in footprint.Meters)
            {
                if (sw != after.Id)
                    continue;
                foreach (var id in ids)
                {
                    var had = before.Meters.TryGetValue(id, out var m);
                    var has = after.Meters.TryGetValue(id, out var n);
                    if (had != has || (had && !m!.Equals(n)))
                        return true;
                }
            }
        }
        // Owned switches (learning bridges) are small: compare them whole.
        return after.Role == SwitchRole.NetworkBridge && !before.Equals(after);
    }

    private static ValueMap<TKey, TValue> Drop<TKey, TValue>(ValueMap<TKey, TValue> map, Dictionary<TKey, TValue> kept, TKey key)
        where TKey : notnull => kept.ContainsKey(key) ? map : map.Remove(key);

    private static ValueMap<TKey, TValue> SetAll<TKey, TValue>(ValueMap<TKey, TValue> map, Dictionary<TKey, TValue> items)
        where TKey : notnull
    {
        foreach (var (k, v) in items)
            map = map.SetItem(k, v);
        return map;
    }

    private static ValueMap<ServiceKey, EquatableArray<PlanDiagnostic>> Group(List<(ServiceKey Service, PlanDiagnostic Diagnostic)> diagnostics) =>
        ValueMap<ServiceKey, EquatableArray<PlanDiagnostic>>.From(diagnostics.GroupBy(d => d.Service)
            .Select(g => KeyValuePair.Create(g.Key, EquatableArray.From(g.Select(d => d.Diagnostic)))));

    /// <summary>Warnings about what is asked but cannot be fully enforced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Diagnose(Topology topology, List<NetworkSpec> specs, List<(ServiceKey, PlanDiagnostic)> diagnostics)
    {
        // Per site of the network at hand, in one pass over its vifs: the first segment seen, whether another one was seen,
        // and whether a vif's segment misses the site's gateway.
        var seen = new bool[topology.Sites.Length];
        var firstSegment = new string?[topology.Sites.Length];
        var severalSegments = new bool[topology.Sites.Length];
        var offGateway = new bool[topology.Sites.Length];
        foreach (var spec in Ordering.InOrder(specs, s => s.Key, Comparer<NetworkKey>.Default))
        {
            foreach (var p in spec.Policies)
            {
                PolicyDiagnostics.Add(topology, spec, p, d => diagnostics.Add((Svc(spec.Key), d)));
            }
            Array.Clear(seen);
            Array.Clear(firstSegment);
            Array.Clear(severalSegments);
            Array.Clear(offGateway);
            foreach (var v in spec.Vifs)
            {
                var segment = v.Host.Segment;
                if (!seen[v.Site])
                {
                    seen[v.Site] = true;
                    firstSegment[v.Site] = segment;
                }
                else if (!string.Equals(firstSegment[v.Site], segment, StringComparison.Ordinal))
                {
                    severalSegments[v.Site] = true;
                }
                // Topology.GatewayOnSegment, with the vif's site index instead of a lookup of the host's site name.
                if (topology.Sites[v.Site].Gateway.Segment != segment)
                    offGateway[v.Site] = true;
            }
            // Sites in ascending order, as spec.Sites, without enumerating that SortedSet (an enumerator and its stack each).
            for (var site = 0; site < seen.Length; site++)
            {
                if (!seen[site] || !spec.Sites.Contains(site))
                    continue;
                if (severalSegments[site] || (spec.Sites.Count > 1 && offGateway[site]))
                {
                    diagnostics.Add((Svc(spec.Key), new(PlanSeverity.Error,
                        $"network {spec.Key} has vifs on segments of site '{topology.Sites[site].Name}' that do not reach each other " +
                        "(or the gateway); those pairs get no link", spec.Network.Location)));
                }
            }
        }
    }

    private static ServiceKey Svc(NetworkKey key) => new(key.Tenant, key.Service);
}
