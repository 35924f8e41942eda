using FedNet.Api.Metrics.Internal;
using FedNet.Control;

namespace FedNet.Api.Metrics;

/// <summary>
/// What <c>GET /metrics</c> exposes (Prometheus text format). Durations are histograms recorded as things happen (applies
/// through the HTTP middleware, reconciles through <see cref="FedNetController.Reconciled"/>); gauges and the
/// controller's own counters are read at scrape time, so a scrape costs nothing between scrapes.
/// </summary>
public sealed class FedNetMetrics
{
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Histogram _applyDuration = new("fednet_apply_duration_seconds",
        "Time to validate, plan and commit one apply (PUT/DELETE of a service or the federation), by verb and HTTP status.", DurationBuckets);

    private readonly Histogram _reconcileDuration = new("fednet_reconcile_duration_seconds",
        "Wall time of one reconcile of every switch (apply or audit).", DurationBuckets);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _switchFailures = new(StringComparer.Ordinal);
    private long _flowsAdded;
    private long _flowsReplaced;
    private long _flowsDeleted;
    private long _meterMods;
    private long _ovsdbWrites;
    private long _openFlowErrors;
    private long _ovsdbErrors;
    private long _unreachable;
    private long _otherErrors;
    private FedNetController? _controller;

    /// <summary>Reads the controller's counters and plan at scrape time and records each of its reconciles.</summary>
    public void Observe(FedNetController controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        _controller = controller;
        controller.Reconciled += RecordReconcile;
    }

    /// <summary>Records one apply's duration.</summary>
    /// <param name="verb">put, delete or plan.</param>
    /// <param name="status">The HTTP status it answered.</param>
    /// <param name="elapsed">Its duration.</param>
    public void RecordApply(string verb, int status, TimeSpan elapsed) =>
        _applyDuration.Observe(elapsed.TotalSeconds, PrometheusText.Join(PrometheusText.Label("verb", verb), PrometheusText.Label("status", status.ToString(
            System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Records one reconcile: its duration, the flow/meter/OVSDB changes it sent, and each failed switch.</summary>
    public void RecordReconcile(ReconcileReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reconcileDuration.Observe(report.Elapsed.TotalSeconds);
        lock (_lock)
        {
            foreach (var s in report.Switches)
            {
                _flowsAdded += s.FlowsAdded;
                _flowsReplaced += s.FlowsReplaced;
                _flowsDeleted += s.FlowsDeleted;
                _meterMods += s.MeterMods;
                _ovsdbWrites += s.OvsdbWrites;
                if (s.Error is not { } error)
                    continue;
                var key = s.Switch.ToString();
                _switchFailures[key] = _switchFailures.GetValueOrDefault(key) + 1;
                switch (Cause(error))
                {
                    case "openflow":
                        _openFlowErrors++;
                        break;
                    case "ovsdb":
                        _ovsdbErrors++;
                        break;
                    case "unreachable":
                        _unreachable++;
                        break;
                    default:
                        _otherErrors++;
                        break;
                }
            }
        }
    }

    /// <summary>The metrics in Prometheus text format 0.0.4.</summary>
    public string Render()
    {
        var text = new PrometheusText();
        var controller = _controller;
        var plan = controller?.Plan;
        var last = controller?.LastReconcile;
        var switches = plan?.State.Switches;
        text.Metric("fednet_switches", "Switches in the plan being enforced.", "gauge", switches?.Count ?? 0);
        text.Metric("fednet_switches_connected", "Switches that held the desired state at the latest reconcile or audit (reachable and in sync).",
            "gauge", last?.Switches.Count(s => s.Succeeded && (switches?.ContainsKey(s.Switch) ?? false)) ?? 0);
        text.Metric("fednet_nodes_retrying", "Nodes whose connection dropped or whose reconcile failed, being retried.", "gauge",
            controller?.Retrying.Count ?? 0);
        text.Header("fednet_flows", "Flows FedNet wants on each switch (desired state).", "gauge");
        if (switches is not null)
        {
            foreach (var (id, s) in switches)
                text.Sample("fednet_flows", PrometheusText.Label("switch", id.ToString()), s.FlowCount);
        }
        text.Header("fednet_switch_in_sync", "1 when the switch held the desired state at the latest reconcile, 0 when it failed.", "gauge");
        if (last is not null)
        {
            foreach (var s in last.Switches)
                text.Sample("fednet_switch_in_sync", PrometheusText.Label("switch", s.Switch.ToString()), s.Succeeded ? 1 : 0);
        }
        _reconcileDuration.WriteTo(text);
        text.Metric("fednet_reconciles_total", "Reconciles of every switch (applies and audits).", "counter", controller?.Reconciles ?? 0);
        lock (_lock)
        {
            text.Header("fednet_reconcile_flow_changes_total", "Flow changes sent by reconciles, by kind.", "counter");
            text.Sample("fednet_reconcile_flow_changes_total", PrometheusText.Label("kind", "added"), _flowsAdded);
            text.Sample("fednet_reconcile_flow_changes_total", PrometheusText.Label("kind", "replaced"), _flowsReplaced);
            text.Sample("fednet_reconcile_flow_changes_total", PrometheusText.Label("kind", "deleted"), _flowsDeleted);
            text.Metric("fednet_reconcile_meter_mods_total", "Meter-mods sent by reconciles.", "counter", _meterMods);
            text.Metric("fednet_reconcile_ovsdb_writes_total", "OVSDB write operations sent by reconciles.", "counter", _ovsdbWrites);
            text.Header("fednet_switch_errors_total", "Switch reconciles that failed, by cause (openflow: the switch refused a message; ovsdb: "
                + "the database refused a transaction; unreachable: no endpoint, no connection or a timeout; other: anything else).", "counter");
            text.Sample("fednet_switch_errors_total", PrometheusText.Label("cause", "openflow"), _openFlowErrors);
            text.Sample("fednet_switch_errors_total", PrometheusText.Label("cause", "ovsdb"), _ovsdbErrors);
            text.Sample("fednet_switch_errors_total", PrometheusText.Label("cause", "unreachable"), _unreachable);
            text.Sample("fednet_switch_errors_total", PrometheusText.Label("cause", "other"), _otherErrors);
            text.Header("fednet_switch_failures_total", "Failed reconciles per switch.", "counter");
            foreach (var (id, n) in _switchFailures.OrderBy(p => p.Key, StringComparer.Ordinal))
                text.Sample("fednet_switch_failures_total", PrometheusText.Label("switch", id), n);
        }
        text.Metric("fednet_openflow_flow_mods_total", "Flow-mods sent to switches since start.", "counter", controller?.FlowModsSent ?? 0);
        text.Metric("fednet_openflow_packet_ins_total", "Packet-ins received from every switch.", "counter", controller?.PacketIns ?? 0);
        text.Metric("fednet_openflow_error_messages_total", "OpenFlow error messages switches sent outside a request FedNet waited for.", "counter",
            controller?.OpenFlowErrorMessages ?? 0);
        text.Header("fednet_connections_lost_total", "Switch connections that dropped on their own, by protocol.", "counter");
        text.Sample("fednet_connections_lost_total", PrometheusText.Label("protocol", "openflow"), controller?.OpenFlowConnectionsLost ?? 0);
        text.Sample("fednet_connections_lost_total", PrometheusText.Label("protocol", "ovsdb"), controller?.OvsdbConnectionsLost ?? 0);
        text.Header("fednet_arp_answered_total", "ARP requests answered by the controller-side proxy (packet-in -> packet-out) and by the switches' "
            + "responder flows (their packet counters at the latest reconcile or audit).", "counter");
        text.Sample("fednet_arp_answered_total", PrometheusText.Label("by", "controller"), controller?.ArpReplies ?? 0);
        text.Sample("fednet_arp_answered_total", PrometheusText.Label("by", "switch"), controller?.ArpAnsweredBySwitch.Values.Sum() ?? 0);
        text.Header("fednet_arp_answered_by_switch", "ARP requests answered by each switch's responder flows (their packet counters at the latest "
            + "reconcile or audit).", "gauge");
        if (controller is not null)
        {
            foreach (var (id, n) in controller.ArpAnsweredBySwitch.OrderBy(p => p.Key))
                text.Sample("fednet_arp_answered_by_switch", PrometheusText.Label("switch", id.ToString()), n);
        }
        text.Metric("fednet_arp_responder_flows", "In-switch ARP responder flows in the desired state (answers without the controller).", "gauge",
            switches?.Values.Sum(s => s.AllFlows.Count(IsArpResponder)) ?? 0);
        text.Metric("fednet_node_recoveries_total", "Nodes brought back in sync by the retry loop.", "counter", controller?.Recoveries ?? 0);
        _applyDuration.WriteTo(text);
        return text.ToString();
    }

    /// <summary>
    /// The controller reports a switch's failure as text (FedNetController.Describe): an OpenFlow error carries "OFPET";
    /// a missing endpoint, a refused connection or a timeout is the switch being unreachable; OVSDB errors name OVSDB.
    /// </summary>
    internal static string Cause(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Contains("OFPET", StringComparison.Ordinal))
            return "openflow";
        string[] unreachable = ["no known", "timed out", "refused", "unreachable", "No such file", "connect", "closed"];
        if (unreachable.Any(u => error.Contains(u, StringComparison.OrdinalIgnoreCase)))
            return "unreachable";
        return error.Contains("OVSDB", StringComparison.OrdinalIgnoreCase) ? "ovsdb" : "other";
    }

    private static bool IsArpResponder(FedNet.Planning.State.FlowEntry flow) =>
        FedNet.Planning.State.Cookies.KindOf(flow.Cookie) == FedNet.Planning.State.CookieKind.ArpResponder;
}
