namespace FedNet.Planning.State;

/// <summary>
/// Everything FedNet wants on one switch. Flows are grouped by owner (the network id of their cookie, 0 for the
/// switch's own plumbing), which is what lets an incremental plan replace one network's flows without touching the rest.
/// </summary>
/// <param name="Id">Node and bridge.</param>
/// <param name="Role">What the switch is for.</param>
/// <param name="Bridge">The Bridge row.</param>
/// <param name="Ports">Port/Interface rows by name.</param>
/// <param name="Meters">Meters by id.</param>
/// <param name="Flows">Flows by owning network id.</param>
public sealed record SwitchState(
    SwitchId Id,
    SwitchRole Role,
    BridgeRow Bridge,
    ValueMap<string, PortRow> Ports,
    ValueMap<uint, MeterEntry> Meters,
    ValueMap<int, EquatableArray<FlowEntry>> Flows)
{
    /// <summary>All flows, owner by owner.</summary>
    public IEnumerable<FlowEntry> AllFlows => Flows.Values.SelectMany(g => g);

    /// <summary>Number of flows.</summary>
    public int FlowCount => Flows.Values.Sum(g => g.Count);
}
