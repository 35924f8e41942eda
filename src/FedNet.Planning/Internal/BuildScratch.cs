using FedNet.Planning.Drivers;
using FedNet.Planning.State;

namespace FedNet.Planning.Internal;

/// <summary>
/// The containers one network's build uses only while it runs (the control layer's grouping and path checks, the
/// context's caches of shared flow parts), kept per thread and cleared for the next network. A full plan builds
/// 10,000 networks; allocating a dozen small dictionaries for each, grown step by step, was a sixth of everything the
/// plan allocated (docs/benchmarks.md, Planner).
/// </summary>
internal sealed class BuildScratch
{
    [ThreadStatic]
    private static BuildScratch? t_current;

    private readonly List<(List<VifSpec> Vifs, List<int> Indexes)> _hostPool = [];

    /// <summary>This thread's scratch, cleared, for a federation of <paramref name="sites"/> sites.</summary>
    public static BuildScratch Rent(int sites)
    {
        var scratch = t_current ??= new BuildScratch();
        scratch.Clear();
        if (scratch.PathAllocated.Length < sites * sites)
            scratch.PathAllocated = new sbyte[sites * sites];
        return scratch;
    }

    // NetworkFlows: the network's hosts (by name, in order of first vif), checked paths, gateway pairs done.
    public Dictionary<string, int> HostSlots { get; } = new(StringComparer.Ordinal);
    public List<(List<VifSpec> Vifs, List<int> Indexes)> Hosts { get; } = [];
    /// <summary>Per (source site × site count + destination site): 0 not checked yet, 1 allocated, 2 not.</summary>
    public sbyte[] PathAllocated { get; private set; } = [];
    public HashSet<(int Gateway, int In, ulong Mac)> GatewayTargetsDone { get; } = [];
    public List<LinkTarget> Targets { get; } = [];

    // ControlContext's caches of shared instances.
    public Dictionary<(int Vif, bool Untag), EquatableArray<FlowAction>> Responders { get; } = [];
    public Dictionary<(bool Tagged, int Transit), EquatableArray<FlowAction>> Translations { get; } = [];
    public Dictionary<(int Site, int Vif), FlowEntry> RemoteForwards { get; } = [];
    public Dictionary<(int Site, int Vif), FlowEntry> HostResponders { get; } = [];
    public Dictionary<(int Site, bool FromTunnel), EquatableArray<FlowAction>> Deliveries { get; } = [];

    /// <summary>The vif lists of host number <see cref="Hosts"/>.Count, from the pool.</summary>
    public (List<VifSpec> Vifs, List<int> Indexes) NextHost()
    {
        if (Hosts.Count == _hostPool.Count)
            _hostPool.Add(([], []));
        var lists = _hostPool[Hosts.Count];
        lists.Vifs.Clear();
        lists.Indexes.Clear();
        Hosts.Add(lists);
        return lists;
    }

    private void Clear()
    {
        HostSlots.Clear();
        Hosts.Clear();
        Array.Clear(PathAllocated);
        GatewayTargetsDone.Clear();
        Targets.Clear();
        Responders.Clear();
        Translations.Clear();
        RemoteForwards.Clear();
        HostResponders.Clear();
        Deliveries.Clear();
    }
}
