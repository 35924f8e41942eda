using FedNet.Model;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning;

/// <summary>
/// The planner's result: the inputs, what was allocated, the desired state of every switch and what could not be
/// done as asked. Pass it back to <see cref="Planner.Plan(NetworkPlan, PlanChange)"/> to plan a change incrementally.
/// </summary>
public sealed class NetworkPlan
{
    internal NetworkPlan(
        Federation federation,
        ValueMap<ServiceKey, Service> services,
        Allocations allocations,
        DesiredState state,
        ValueMap<ServiceKey, EquatableArray<PlanDiagnostic>> diagnostics,
        Topology topology,
        Dictionary<NetworkKey, NetworkSpec> specs,
        UsedIndex index,
        Dictionary<NetworkKey, Footprint> footprints)
    {
        Footprints = footprints;
        Federation = federation;
        Services = services;
        Allocations = allocations;
        State = state;
        DiagnosticsByService = diagnostics;
        Topology = topology;
        Specs = specs;
        Index = index;
        _diagnostics = new(() => EquatableArray.From(diagnostics.Values.SelectMany(d => d)
            .OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column)
            .ThenBy(d => d.Message, StringComparer.Ordinal)));
    }

    private readonly Lazy<EquatableArray<PlanDiagnostic>> _diagnostics;

    /// <summary>The federation planned over.</summary>
    public Federation Federation { get; }

    /// <summary>The services planned, by tenant and name.</summary>
    public ValueMap<ServiceKey, Service> Services { get; }

    /// <summary>Everything allocated (feed it back to keep numbers stable).</summary>
    public Allocations Allocations { get; }

    /// <summary>The desired state of every switch.</summary>
    public DesiredState State { get; }

    /// <summary>Warnings and errors, in a stable order (file, line, column, message).</summary>
    public EquatableArray<PlanDiagnostic> Diagnostics => _diagnostics.Value;

    internal ValueMap<ServiceKey, EquatableArray<PlanDiagnostic>> DiagnosticsByService { get; }

    internal UsedIndex Index { get; }

    internal Dictionary<NetworkKey, Footprint> Footprints { get; }

    internal Topology Topology { get; }

    internal Dictionary<NetworkKey, NetworkSpec> Specs { get; }

    /// <summary>The private VLAN of <paramref name="network"/> in each site where it has vifs.</summary>
    public IReadOnlyDictionary<string, int> PrivateVlans(NetworkKey network) =>
        Specs.TryGetValue(network, out var spec)
            ? spec.Vlans.ToDictionary(p => Topology.Sites[p.Key].Name, p => p.Value, StringComparer.Ordinal)
            : new Dictionary<string, int>();

    /// <summary>The link chosen for every ordered pair of vifs of every network (or of one network).</summary>
    public IEnumerable<LinkChoice> Links(NetworkKey? network = null)
    {
        IEnumerable<NetworkSpec> specs = network is { } k
            ? Specs.TryGetValue(k, out var one) ? [one] : []
            : Specs.Values.OrderBy(s => s.Key);
        foreach (var spec in specs)
        {
            foreach (var a in spec.Vifs)
            {
                foreach (var b in spec.Vifs)
                {
                    if (a.Key.Equals(b.Key))
                        continue;
                    yield return Link(spec, a, b);
                }
            }
        }
    }

    private LinkChoice Link(NetworkSpec spec, VifSpec a, VifSpec b)
    {
        if (a.Host.Name == b.Host.Name)
            return new(spec.Key, a.Key, b.Key, LinkKind.SameHost, EquatableArray<string>.Empty);
        if (a.Site == b.Site)
            return new(spec.Key, a.Key, b.Key, a.Host.Segment == b.Host.Segment ? LinkKind.Segment : LinkKind.None, EquatableArray<string>.Empty);
        var path = Topology.Path(a.Site, b.Site);
        if (path.Count == 0 || !Topology.GatewayOnSegment(a.Host) || !Topology.GatewayOnSegment(b.Host)
            || !spec.Vlans.ContainsKey(a.Site) || !spec.Vlans.ContainsKey(b.Site))
            return new(spec.Key, a.Key, b.Key, LinkKind.None, EquatableArray<string>.Empty);
        var kind = path.Count > 1 ? LinkKind.MultiHop
            : Topology.Transits[path[0]].Kind == TransitKind.Vpls ? LinkKind.Vpls : LinkKind.Tunnel;
        return new(spec.Key, a.Key, b.Key, kind, EquatableArray.From(path.Select(t => Topology.Transits[t].Name)));
    }
}

/// <summary>An incremental plan: the new plan and what changed on the switches.</summary>
public sealed record PlanUpdate(NetworkPlan Plan, DesiredStateDelta Delta);
