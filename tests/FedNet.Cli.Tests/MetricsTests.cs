using FedNet.Api.Metrics;
using FedNet.Control;
using FedNet.Planning.State;
using Xunit;

namespace FedNet.Cli.Tests;

/// <summary>The Prometheus text of <see cref="FedNetMetrics"/>.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Render_AfterReconcileAndApply_ExposesCountersAndHistograms()
    {
        await using var controller = new FedNetController(new Dictionary<string, NodeEndpoint>());
        var metrics = new FedNetMetrics();
        metrics.Observe(controller);
        var ok = new SwitchReport(new SwitchId("h1", "br-int"), 2, 5, 1, 3, 10, 0, 0, TimeSpan.FromMilliseconds(3));
        var bad = new SwitchReport(new SwitchId("h2", "br-int"), 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, "OpenFlow error OFPET_BAD_MATCH/3 for flow x");
        var missing = new SwitchReport(new SwitchId("h3", "br-int"), 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero,
            "node h3 has no known OVSDB/OpenFlow endpoint (is it in the lab?)");
        metrics.RecordReconcile(new ReconcileReport([ok, bad, missing], TimeSpan.FromMilliseconds(20)));
        metrics.RecordApply("put", 201, TimeSpan.FromMilliseconds(7));
        var text = metrics.Render();
        Assert.Contains("fednet_reconcile_flow_changes_total{kind=\"added\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_reconcile_flow_changes_total{kind=\"deleted\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_reconcile_ovsdb_writes_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_switch_errors_total{cause=\"openflow\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_switch_errors_total{cause=\"unreachable\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_switch_errors_total{cause=\"ovsdb\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_switch_failures_total{switch=\"h2/br-int\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_reconcile_duration_seconds_bucket{le=\"0.025\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_reconcile_duration_seconds_bucket{le=\"0.01\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_apply_duration_seconds_count{verb=\"put\",status=\"201\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE fednet_apply_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_arp_answered_total{by=\"controller\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_openflow_packet_ins_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_arp_answered_total{by=\"switch\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_connections_lost_total{protocol=\"ovsdb\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryLine_IsCommentOrSample()
    {
        var text = new FedNetMetrics().Render();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
            Assert.Matches(@"^(# (HELP|TYPE) fednet_[a-z_]+ .+|fednet_[a-z_]+(\{[^}]*\})? [0-9.eE+-]+|[a-z_]+ NaN)$", line);
    }
}
