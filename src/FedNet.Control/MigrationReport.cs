using System.Globalization;

namespace FedNet.Control;

/// <summary>What a migration did and how long each step took.</summary>
/// <param name="Moved">The vifs whose host changed (each endpoint moved by the compute driver).</param>
/// <param name="Reconcile">The reconcile of the affected switches only.</param>
/// <param name="MoveTime">Time the compute driver took to move the endpoints.</param>
/// <param name="ReconcileTime">Time to reconcile the affected switches.</param>
/// <param name="Total">Move, reconcile and announcement together.</param>
public sealed record MigrationReport(IReadOnlyList<VifPlacement> Moved, ReconcileReport Reconcile, TimeSpan MoveTime, TimeSpan ReconcileTime,
    TimeSpan Total)
{
    /// <summary>Gratuitous ARPs the controller sent on the segments on behalf of the moved VMs.</summary>
    public int SegmentAnnouncements { get; init; }

    /// <summary>True when every affected switch reconciled.</summary>
    public bool Succeeded => Reconcile.Succeeded;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"moved {string.Join(", ", Moved.Select(v => $"{v.Name} -> {v.Host}"))}; reconciled {Reconcile.Switches.Count} switch(es) " +
        $"({string.Join(", ", Reconcile.Switches.Select(s => s.Switch))}): {Reconcile.FlowMods} flow-mods, {Reconcile.OvsdbWrites} OVSDB writes; {SegmentAnnouncements} segment announcement(s); " +
        $"move {MoveTime.TotalMilliseconds:0} ms, reconcile {ReconcileTime.TotalMilliseconds:0} ms, total {Total.TotalMilliseconds:0} ms");
}
