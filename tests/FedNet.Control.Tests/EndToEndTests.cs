using FedNet.Planning;
using FedNet.Planning.State;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>The controller against the real paper lab: reachability, isolation, idempotence, drift repair.</summary>
public sealed class EndToEndTests(PaperDeploymentFixture fixture) : IClassFixture<PaperDeploymentFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Apply_FirstReconcile_InstallsEveryPlannedFlowOnEverySwitch()
    {
        var report = fixture.FirstReport;

        Assert.True(report.Succeeded, string.Join("\n", report.Failed));
        Assert.Equal(fixture.Plan.State.Switches.Count, report.Switches.Count);
        Assert.Equal(fixture.Plan.State.FlowCount, report.Switches.Sum(s => s.FlowsAdded + s.FlowsReplaced));
        Assert.True(report.OvsdbWrites > 0);
    }

    [Fact]
    public async Task Reachability_ElearningAndTwoTenants_SameNetworkPairsPingFirstTimeAndNoOtherPairDoes()
    {
        await ReachabilityAssert.SameNetworkPairsPingFirstTimeAndNoOtherPairDoesAsync(fixture.Plan, fixture.State, fixture.Vifs, Token);
    }

    [Fact]
    public async Task Reconcile_NothingChanged_SendsZeroFlowMods()
    {
        await ReconcileAssert.NothingChangedSendsNothingAsync(fixture.Controller, fixture.Plan, Token);
    }

    [Fact]
    public async Task Reconcile_OneNodeUnreachable_OthersAreReconciledAndTheFailureNamesTheSwitch()
    {
        var endpoints = NodeEndpoint.FromLab(fixture.State).ToDictionary();
        endpoints["kuas-rack2"] = endpoints["kuas-rack2"] with { OvsdbTarget = "unix:/nonexistent/fednet-test-db.sock" };
        await using var controller = new FedNetController(endpoints, new ControllerOptions { SwitchTimeout = TimeSpan.FromSeconds(20) });

        var report = await controller.ApplyAsync(fixture.Plan, Token);

        var failed = Assert.Single(report.Failed);
        Assert.Equal("kuas-rack2", failed.Switch.Node);
        Assert.Contains("fednet-test-db.sock", failed.Error, StringComparison.Ordinal);
        Assert.Equal(fixture.Plan.State.Switches.Count - 1, report.Switches.Count(s => s.Succeeded));
        Assert.All(report.Switches.Where(s => s.Succeeded), s => Assert.Equal(0, s.FlowMods));
    }

    [Fact]
    public async Task Reconcile_SwitchRefusesOneFlow_OthersLandAndTheErrorNamesSwitchFlowAndCode()
    {
        var target = fixture.ManagementTarget("kuas-gw", Ports.GatewayBridge);
        var id = new SwitchId("kuas-gw", Ports.GatewayBridge);
        var gw = fixture.Plan.State.Switches[id];
        var good = gw.AllFlows.First(f => f.Priority == 100 && gw.AllFlows.Count(g => g.Cookie == f.Cookie) == 1);
        // A meter that does not exist: OVS refuses the flow with OFPET_METER_MOD_FAILED / OFPMMFC_UNKNOWN_METER.
        var bad = new FlowEntry(0, 3, Cookies.Make(CookieKind.Policy, 0xABC, 1), Planning.State.Match.Of(M.EthType(0x88b6)),
            EquatableArray.Of<FlowAction>(new Meter(4000), Drop.Instance));
        var state = fixture.Plan.State with
        {
            Switches = fixture.Plan.State.Switches.SetItem(id, gw with { Flows = gw.Flows.SetItem(0xABC, EquatableArray.Of(bad)) }),
        };
        await using var controller = new FedNetController(NodeEndpoint.FromLab(fixture.State));
        await controller.ApplyAsync(fixture.Plan, Token);
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "del-flows", target, $"cookie=0x{good.Cookie:x}/-1");
        controller.OverrideState(state);

        var report = await controller.ReconcileAsync(Token);

        var failed = Assert.Single(report.Failed);
        Assert.Equal(id, failed.Switch);
        Assert.Contains("0x88b6", failed.Error, StringComparison.Ordinal);
        Assert.Contains("OFPET MeterModFailed", failed.Error, StringComparison.Ordinal);
        var dump = Dump(target);
        Assert.Single(dump, l => l.Contains($"cookie=0x{good.Cookie:x}", StringComparison.Ordinal));
        Assert.DoesNotContain(dump, l => l.Contains("0x88b6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_FlowDeletedByHand_ComesBackAndForeignFlowIsLeftAlone()
    {
        var target = fixture.ManagementTarget("kuas-gw", Ports.GatewayBridge);
        var flows = fixture.Plan.State.Switches.Values.Single(s => s.Id.Node == "kuas-gw").AllFlows.ToList();
        var victim = flows.First(f => f.Priority == 100 && flows.Count(g => g.Cookie == f.Cookie) == 1);
        var cookie = $"cookie=0x{victim.Cookie:x}";
        await fixture.Controller.ReconcileAsync(Token);
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "del-flows", target, $"cookie=0x{victim.Cookie:x}/-1");
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "add-flow", target, "cookie=0x1234,table=0,priority=7,dl_type=0x88cc,actions=drop");
        try
        {
            Assert.DoesNotContain(Dump(target), l => l.Contains(cookie, StringComparison.Ordinal));

            var report = await fixture.Controller.ReconcileAsync(Token);

            var gw = report.Switches.Single(s => s.Switch.Node == "kuas-gw");
            Assert.Equal(1, gw.FlowsAdded);
            Assert.Equal(0, gw.FlowsDeleted);
            Assert.Equal(1, gw.ForeignFlows);
            Assert.Equal(1, report.FlowMods);
            var dump = Dump(target);
            Assert.Single(dump, l => l.Contains(cookie, StringComparison.Ordinal));
            Assert.Contains(dump, l => l.Contains("cookie=0x1234,", StringComparison.Ordinal));
        }
        finally
        {
            Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "del-flows", target, "cookie=0x1234/-1");
        }
    }

    [Fact]
    public async Task Audit_FlowDeletedByHand_IsRepairedAndReported()
    {
        var target = fixture.ManagementTarget("ncku-h1", Ports.IntegrationBridge);
        var flows = fixture.Plan.State.Switches.Values.Single(s => s.Id.Node == "ncku-h1").AllFlows.ToList();
        var victim = flows.First(f => f.Priority == 100 && flows.Count(g => g.Cookie == f.Cookie) == 1);
        await fixture.Controller.ReconcileAsync(Token);
        var repaired = new TaskCompletionSource<ReconcileReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var audit = fixture.Controller.AuditAsync(TimeSpan.FromMilliseconds(200), r => repaired.TrySetResult(r), cancellationToken: stop.Token);

        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "del-flows", target, $"cookie=0x{victim.Cookie:x}/-1");
        var report = await repaired.Task.WaitAsync(TimeSpan.FromSeconds(60), Token);
        await stop.CancelAsync();
        await audit;

        var sw = report.Switches.Single(s => s.Switch.Node == "ncku-h1");
        Assert.Equal(1, sw.FlowsAdded);
        Assert.Equal(1, report.FlowMods);
        Assert.Single(Dump(target), l => l.Contains($"cookie=0x{victim.Cookie:x}", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Dump(string target) =>
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", target).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
