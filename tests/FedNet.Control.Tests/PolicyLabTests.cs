using FedNet.Model;
using FedNet.Planning;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// Rate limits enforced by the real switches of the paper lab: iperf3 across the metered VPLS path against the network
/// beside it, the gateways' meters as OVS reports them, and meters removed when the policy goes.
/// </summary>
public sealed class PolicyLabTests(PolicyLabFixture fixture) : IClassFixture<PolicyLabFixture>
{
    private const double Limit = 30_000_000;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Apply_PolicyService_EverySwitchReconciledWithTheGatewayMeters()
    {
        var report = fixture.FirstReport;

        Assert.True(report.Succeeded, string.Join("\n", report.Failed));
        Assert.Equal(2, report.MeterMods); // one meter on each gateway of the VPLS
    }

    [Fact]
    public void Meters_VplsGateways_HoldThePlannedDropBandAndNoOtherMeter()
    {
        foreach (var gw in new[] { "kuas-gw", "ncku-gw" })
        {
            var meters = DumpMeters(fixture.ManagementTarget(gw, "br-gw"));

            var meter = Assert.Single(meters, l => l.Contains("meter=", StringComparison.Ordinal));
            Assert.Contains("kbps", meter, StringComparison.Ordinal);
            Assert.Contains("type=drop rate=30000 burst_size=15000", string.Join(" ", meters), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(DumpMeters(fixture.ManagementTarget("ntust-gw", "br-gw")), l => l.Contains("meter=", StringComparison.Ordinal));
    }

    [Fact]
    public void Iperf_LimitedNetworkAcrossVpls_WithinFivePercentOfTheLimitWhileTheOpenNetworkGetsMoreThanTwice()
    {
        var limitedTo = fixture.Vif("qos.l-ncku");
        var openTo = fixture.Vif("qos.o-ncku");

        // Same run, one after the other: two TCP streams at once would compete for the 2 cores, not for the meter.
        var limited = PolicyIperf.Measure(fixture.Namespace("qos.l-kuas"), fixture.Namespace("qos.l-ncku"), limitedTo.IpText, 5301);
        var open = PolicyIperf.Measure(fixture.Namespace("qos.o-kuas"), fixture.Namespace("qos.o-ncku"), openTo.IpText, 5302);

        TestContext.Current.SendDiagnosticMessage($"iperf3 across the VPLS: limited {limited.Goodput / 1e6:0.00} Mbit/s goodput " +
            $"({limited.Wire / 1e6:0.00} Mbit/s of tagged frames), open {open.Goodput / 1e6:0.00} Mbit/s goodput");
        // The meter counts whole tagged Ethernet frames; TCP goodput is that minus the headers (4.6% at MTU 1500).
        Assert.InRange(limited.Wire, Limit * 0.95, Limit * 1.05);
        Assert.True(limited.Goodput <= Limit, $"goodput {limited.Goodput / 1e6:0.00} Mbit/s is above the limit");
        Assert.True(open.Goodput > 2 * Limit,
            $"the open network reached only {open.Goodput / 1e6:0.00} Mbit/s (limited: {limited.Goodput / 1e6:0.00})");
    }

    [Fact]
    public async Task Reconcile_PolicyRemoved_GatewayMetersDeletedAndFlowsUnmetered()
    {
        var key = new ServiceKey("qos", "wan");
        var without = fixture.Plan.Services[key] with { Policies = ValueList<Policy>.Empty };
        var update = Planner.Plan(fixture.Plan, new UpsertService(without));
        try
        {
            var report = await fixture.Controller.ApplyAsync(update.Plan, Token);

            Assert.True(report.Succeeded, string.Join("\n", report.Failed));
            Assert.Equal(2, report.MeterMods); // the two deletions
            foreach (var gw in new[] { "kuas-gw", "ncku-gw" })
            {
                var target = fixture.ManagementTarget(gw, "br-gw");
                Assert.DoesNotContain(DumpMeters(target), l => l.Contains("meter=", StringComparison.Ordinal));
                var flows = Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", target);
                Assert.DoesNotContain("meter:", flows, StringComparison.Ordinal);
                Assert.Contains("cookie=", flows, StringComparison.Ordinal);
            }
            Assert.True(await Reachability.PingAsync(fixture.Namespace("qos.l-kuas"), fixture.Vif("qos.l-ncku"), Token));
        }
        finally
        {
            var restored = await fixture.Controller.ApplyAsync(fixture.Plan, Token);
            Assert.True(restored.Succeeded, string.Join("\n", restored.Failed));
        }
        Assert.Single(DumpMeters(fixture.ManagementTarget("kuas-gw", "br-gw")), l => l.Contains("meter=", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> DumpMeters(string target) =>
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", target).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
