using System.Collections.Concurrent;
using FedNet.OpenFlow;
using FedNet.Planning.State;

namespace FedNet.Control;

/// <summary>Counters and events for <c>/metrics</c> (issue 8): read by FedNet.Api's Prometheus exporter.</summary>
public sealed partial class FedNetController
{
    private long _reconciles;
    private long _packetIns;
    private long _openFlowErrorMessages;
    private long _openFlowConnectionsLost;
    private long _ovsdbConnectionsLost;
    private readonly ConcurrentDictionary<SwitchId, long> _arpAnsweredBySwitch = new();
    private volatile ReconcileReport? _lastReconcile;

    /// <summary>Raised (on the reconciling thread) after every reconcile of every switch, by apply, audit or a caller.</summary>
    public event Action<ReconcileReport>? Reconciled;

    /// <summary>Reconciles of every switch finished since the controller started.</summary>
    public long Reconciles => Interlocked.Read(ref _reconciles);

    /// <summary>The report of the latest reconcile, or null before the first.</summary>
    public ReconcileReport? LastReconcile => _lastReconcile;

    /// <summary>Packet-ins received from every switch (ARP sent to the controller, and anything else a flow punts).</summary>
    public long PacketIns => Interlocked.Read(ref _packetIns);

    /// <summary>OpenFlow error messages a switch sent outside a request FedNet waits for (requests' errors fail their reconcile).</summary>
    public long OpenFlowErrorMessages => Interlocked.Read(ref _openFlowErrorMessages);

    /// <summary>OpenFlow connections that dropped on their own (not closed by FedNet).</summary>
    public long OpenFlowConnectionsLost => Interlocked.Read(ref _openFlowConnectionsLost);

    /// <summary>OVSDB connections that dropped on their own.</summary>
    public long OvsdbConnectionsLost => Interlocked.Read(ref _ovsdbConnectionsLost);

    /// <summary>
    /// ARP requests answered inside each switch by its responder flows, as their packet counters stood at the latest
    /// reconcile or audit (a reinstalled flow starts again from 0).
    /// </summary>
    public IReadOnlyDictionary<SwitchId, long> ArpAnsweredBySwitch => _arpAnsweredBySwitch;

    private void CountArpResponderPackets(SwitchId id, IReadOnlyList<FlowStats> flows)
    {
        long packets = 0;
        foreach (var f in flows)
        {
            if (Cookies.IsFedNet(f.Cookie) && Cookies.KindOf(f.Cookie) == CookieKind.ArpResponder)
                packets += (long)f.PacketCount;
        }
        _arpAnsweredBySwitch[id] = packets;
    }

    private void CountUnsolicited(OfpMessage message)
    {
        if (message is PacketIn)
            Interlocked.Increment(ref _packetIns);
        else if (message is ErrorMessage)
            Interlocked.Increment(ref _openFlowErrorMessages);
    }

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
