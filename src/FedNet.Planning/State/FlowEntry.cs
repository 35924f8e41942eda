namespace FedNet.Planning.State;

/// <summary>
/// One desired flow. OpenFlow identifies a flow by (table, priority, match); the planner never emits two flows with
/// the same identity on one switch. <see cref="Cookie"/> names the owner (see <see cref="Cookies"/>).
/// </summary>
public sealed record FlowEntry(
    byte Table,
    ushort Priority,
    ulong Cookie,
    Match Match,
    EquatableArray<FlowAction> Actions,
    ushort IdleTimeout = 0,
    ushort HardTimeout = 0,
    ushort Importance = 0)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"cookie=0x{Cookie:x16},table={Table},priority={Priority},{Match},actions={(Actions.Count == 0 ? "drop" : string.Join(",", Actions))}";
}
