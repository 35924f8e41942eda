namespace FedNet.Control;

/// <summary>Counters and events for <c>/metrics</c> (issue 8): read by FedNet.Api's Prometheus exporter.</summary>
public sealed partial class FedNetController
{
    private long _reconciles;
    private volatile ReconcileReport? _lastReconcile;

    /// <summary>Raised (on the reconciling thread) after every reconcile of every switch, by apply, audit or a caller.</summary>
    public event Action<ReconcileReport>? Reconciled;

    /// <summary>Reconciles of every switch finished since the controller started.</summary>
    public long Reconciles => Interlocked.Read(ref _reconciles);

    /// <summary>The report of the latest reconcile, or null before the first.</summary>
    public ReconcileReport? LastReconcile => _lastReconcile;

    private void OnReconciled(ReconcileReport report)
    {
        Interlocked.Increment(ref _reconciles);
        _lastReconcile = report;
        try
        {
            Reconciled?.Invoke(report);
        }
#pragma warning disable CA1031 // A failing metrics subscriber must never fail a reconcile.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
