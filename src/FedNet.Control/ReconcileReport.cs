using FedNet.Planning.State;

namespace FedNet.Control;

/// <summary>What one reconcile did to one switch (or why it could not).</summary>
/// <param name="Switch">Node and bridge.</param>
/// <param name="OvsdbWrites">OVSDB write operations sent for the switch's node (0 when its rows were in sync).</param>
/// <param name="FlowsAdded">Desired flows missing on the switch, added.</param>
/// <param name="FlowsReplaced">FedNet flows whose cookie or actions differed, replaced.</param>
/// <param name="FlowsDeleted">FedNet flows (cookie marker 0xFE) no longer desired, deleted.</param>
/// <param name="FlowsInSync">Desired flows already present and equal.</param>
/// <param name="ForeignFlows">Flows with another cookie, left alone.</param>
/// <param name="MeterMods">Meter-mods sent.</param>
/// <param name="Elapsed">Wall time for this switch.</param>
/// <param name="Error">Why the switch could not be reconciled, or null.</param>
public sealed record SwitchReport(
    SwitchId Switch,
    int OvsdbWrites,
    int FlowsAdded,
    int FlowsReplaced,
    int FlowsDeleted,
    int FlowsInSync,
    int ForeignFlows,
    int MeterMods,
    TimeSpan Elapsed,
    string? Error = null)
{
    /// <summary>Flow-mods sent to the switch.</summary>
    public int FlowMods => FlowsAdded + FlowsReplaced + FlowsDeleted;

    /// <summary>True when the switch now holds exactly the desired state.</summary>
    public bool Succeeded => Error is null;

    /// <inheritdoc/>
    public override string ToString() => Error is null
        ? $"{Switch}: +{FlowsAdded} ~{FlowsReplaced} -{FlowsDeleted} flows, {FlowsInSync} in sync, {ForeignFlows} foreign, {MeterMods} meter-mods, " +
          $"{OvsdbWrites} ovsdb writes ({Elapsed.TotalMilliseconds:0} ms)"
        : $"{Switch}: FAILED: {Error}";
}

/// <summary>What one reconcile of every switch did.</summary>
/// <param name="Switches">One report per switch, in switch order.</param>
/// <param name="Elapsed">Wall time of the whole reconcile.</param>
public sealed record ReconcileReport(IReadOnlyList<SwitchReport> Switches, TimeSpan Elapsed)
{
    /// <summary>Flow-mods sent to all switches.</summary>
    public int FlowMods => Switches.Sum(s => s.FlowMods);

    /// <summary>Meter-mods sent to all switches.</summary>
    public int MeterMods => Switches.Sum(s => s.MeterMods);

    /// <summary>OVSDB write operations sent.</summary>
    public int OvsdbWrites => Switches.Sum(s => s.OvsdbWrites);

    /// <summary>Flows installed and equal to the plan.</summary>
    public int FlowsInSync => Switches.Sum(s => s.FlowsInSync);

    /// <summary>Switches that failed.</summary>
    public IReadOnlyList<SwitchReport> Failed => [.. Switches.Where(s => !s.Succeeded)];

    /// <summary>True when every switch was reconciled.</summary>
    public bool Succeeded => Switches.All(s => s.Succeeded);

    /// <summary>True when nothing had to change anywhere.</summary>
    public bool WasInSync => Succeeded && FlowMods == 0 && MeterMods == 0 && OvsdbWrites == 0;
}
