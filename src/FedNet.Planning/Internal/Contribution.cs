using FedNet.Planning.State;

namespace FedNet.Planning.Internal;

/// <summary>What one network adds to the switches: flows, ports and meters on shared switches, and switches of its own.</summary>
internal sealed class Contribution
{
    public Dictionary<SwitchId, List<FlowEntry>> Flows { get; } = [];
    public Dictionary<SwitchId, List<PortRow>> Ports { get; } = [];
    public Dictionary<SwitchId, List<MeterEntry>> Meters { get; } = [];
    public List<SwitchState> OwnedSwitches { get; } = [];

    public IEnumerable<SwitchId> Touched =>
        Flows.Keys.Concat(Ports.Keys).Concat(Meters.Keys).Concat(OwnedSwitches.Select(s => s.Id)).Distinct();

    /// <summary>The flow lists as arrays, switch by switch (set by <see cref="Seal"/>).</summary>
    public KeyValuePair<SwitchId, EquatableArray<FlowEntry>>[] FlowArrays { get; private set; } = [];

    /// <summary>Where this contribution put things (set by <see cref="Seal"/>).</summary>
    public Footprint? Footprint { get; private set; }

    /// <summary>
    /// Freezes the finished contribution: flow lists into the arrays the switch states hold, and its footprint. Done by
    /// whoever built it, so a full plan does this on every core rather than while assembling the switches.
    /// </summary>
    public void Seal()
    {
        var arrays = new KeyValuePair<SwitchId, EquatableArray<FlowEntry>>[Flows.Count];
        var i = 0;
        foreach (var (s, list) in Flows)
            arrays[i++] = KeyValuePair.Create(s, new EquatableArray<FlowEntry>(list.ToArray()));
        FlowArrays = arrays;
        Footprint = ToFootprint();
    }

    /// <summary>Just enough to take this contribution out again: where it put flows, which ports, meters and switches.</summary>
    private Footprint ToFootprint() => new(
        [.. Flows.Keys],
        [.. Ports.Select(p => (p.Key, p.Value.Select(r => r.Name).ToArray()))],
        [.. Meters.Select(p => (p.Key, p.Value.Select(m => m.Id).ToArray()))],
        [.. OwnedSwitches.Select(s => s.Id)]);

    public void Flow(SwitchId id, FlowEntry flow) => FlowsOf(id).Add(flow);

    /// <summary>The flow list of switch <paramref name="id"/>, to add many flows without a lookup each.</summary>
    public List<FlowEntry> FlowsOf(SwitchId id)
    {
        // Sized for one network's flows on one switch (20-30 at 10 vifs: a forward and an ARP responder per vif, plus
        // the local vifs' own): grown from empty, the list allocated arrays of 4, 8, 16 and 32 on the way, every time.
        if (!Flows.TryGetValue(id, out var list))
            Flows[id] = list = new List<FlowEntry>(InitialFlowCapacity);
        return list;
    }

    private const int InitialFlowCapacity = 32;

    public void Port(SwitchId id, PortRow port) => Get(Ports, id).Add(port);

    public void Meter(SwitchId id, MeterEntry meter)
    {
        var list = Get(Meters, id);
        if (!list.Exists(m => m.Id == meter.Id))
            list.Add(meter);
    }

    private static List<T> Get<T>(Dictionary<SwitchId, List<T>> map, SwitchId id)
    {
        if (!map.TryGetValue(id, out var list))
            map[id] = list = [];
        return list;
    }
}

/// <summary>What a network contributed, by name only (kept per network so an incremental plan can remove it).</summary>
internal sealed record Footprint(SwitchId[] FlowSwitches, (SwitchId Switch, string[] Names)[] Ports, (SwitchId Switch, uint[] Ids)[] Meters, SwitchId[] Owned);
