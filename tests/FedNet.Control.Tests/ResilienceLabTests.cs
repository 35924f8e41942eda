using System.Diagnostics;
using FedNet.Planning;
using FedNet.Planning.State;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// The controller's connection lifecycle against the real paper lab: a restarted controller sends nothing (witnessed by
/// ovs-vswitchd's own counters), a controller killed with SIGKILL mid-apply and restarted converges to exactly the state of
/// an uninterrupted run, and a gateway's ovs-vswitchd killed and restarted gets every flow back through the controller's
/// reconnect, with no frame of one tenant reaching the other meanwhile.
/// </summary>
public sealed class ResilienceLabTests(ResilienceFixture fixture) : IClassFixture<ResilienceFixture>
{
    private static readonly ControllerOptions FastRetry = new()
    {
        Reconnect = new ReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public async Task Restart_NewControllerWithStateInPlace_SendsNothingAsOvsCountersWitness()
    {
        var lab = fixture.State;
        var nodes = ResilienceWitness.Nodes(fixture.Plan);
        await RestoreAsync();
        var before = await ResilienceWitness.ReadSettledAsync(lab, nodes, Token);

        ReconcileReport report;
        await using (var controller = new FedNetController(NodeEndpoint.FromLab(lab)))
            report = await controller.ApplyAsync(fixture.Plan, Token);

        var after = await ResilienceWitness.ReadSettledAsync(lab, nodes, Token);
        Assert.True(report.Succeeded, string.Join("\n", report.Failed));
        Assert.Equal((0, 0, 0), (report.FlowMods, report.MeterMods, report.OvsdbWrites));
        Assert.Equal(fixture.Plan.State.FlowCount, report.FlowsInSync);
        Assert.Equal(before, after);
        Assert.Empty(fixture.Reference.Differences(ResilienceWitness.Take(lab, fixture.Plan)));

        // Control: the same counters move when a controller does send a flow-mod, a meter-mod and an OVSDB write.
        var id = fixture.Plan.State.Switches.Values.First(s => s.Meters.Count > 0 && s.Role == SwitchRole.Gateway).Id;
        var target = lab.Node(id.Node)!.ManagementTarget(id.Bridge);
        var flows = fixture.Plan.State.Switches[id].AllFlows.ToList();
        var victim = flows.First(f => f.Priority == 100 && flows.Count(g => g.Cookie == f.Cookie) == 1);
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "del-flows", target, $"cookie=0x{victim.Cookie:x}/-1");
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "mod-meter", target,
            ResilienceWitness.MeterWithOtherRate(target, fixture.Plan.State.Switches[id].Meters.Values.First().Id));
        // A FedNet-owned column that changes no forwarding (fail_mode would make OVS rewrite flows of its own).
        Shell.Run("ovs-vsctl", "--db=" + lab.Node(id.Node)!.OvsdbTarget, "set", "Port", "seg0", "external_ids:fednet-ref=drifted");
        var drifted = await ResilienceWitness.ReadSettledAsync(lab, [id.Node], Token);

        await using (var controller = new FedNetController(NodeEndpoint.FromLab(lab)))
            report = await controller.ApplyAsync(fixture.Plan, Token);

        var repaired = await ResilienceWitness.ReadSettledAsync(lab, [id.Node], Token);
        Log(string.Join("\n", report.Switches));
        Assert.Equal((1, 1), (report.FlowMods, report.MeterMods));
        Assert.True(report.OvsdbWrites > 0);
        Assert.True(repaired[id.Node].FlowTableChanges > drifted[id.Node].FlowTableChanges, "rev_flow_table did not see the flow-mod");
        Assert.True(repaired[id.Node].MeterSets > drifted[id.Node].MeterSets, "dpif_meter_set did not see the meter-mod");
        Assert.True(repaired[id.Node].Reconfigures > drifted[id.Node].Reconfigures, "bridge_reconfigure did not see the OVSDB write");
        Assert.Empty(fixture.Reference.Differences(ResilienceWitness.Take(lab, fixture.Plan)));
    }

    [Fact]
    public async Task KillDash9MidApply_ServeRestarted_ConvergesToExactlyTheUninterruptedState()
    {
        var seed = Environment.GetEnvironmentVariable("FEDNET_TEST_SEED") is { } s
            ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        Log($"seed {seed} (FEDNET_TEST_SEED={seed} repeats it)");
        var interrupted = false;
        // "bound …" is printed just before the apply starts; the apply from empty takes some tens to hundreds of ms,
        // depending on the machine's load. The kill delay is drawn between the latest delay that came too early (nothing
        // written) and the earliest that came too late (everything written), so the rounds close in on the window.
        var (early, late) = (0, 600);
        for (var round = 1; round <= 8 && !interrupted; round++)
        {
            Wipe();
            var wiped = ResilienceWitness.Take(fixture.State, fixture.Plan);
            var delay = random.Next(early, Math.Max(early + 1, late));
            await using (var serve = await ServeProcess.StartAsync(fixture.Options, ResilienceFixture.ServiceFiles, Token))
            {
                await serve.WaitForLineAsync(l => l.Contains("] bound ", StringComparison.Ordinal), TimeSpan.FromSeconds(90), Token);
                await Task.Delay(delay, Token);
                serve.KillDash9();
            }
            var partial = ResilienceWitness.Take(fixture.State, fixture.Plan);
            var notYet = fixture.Reference.Differences(partial);
            // Mid-apply: something was written (not the wiped state) and something is still missing.
            interrupted = notYet.Count > 0 && wiped.Differences(partial).Count > 0;
            if (notYet.Count == 0)
                late = Math.Min(late, delay);
            else if (!interrupted)
                early = Math.Max(early, delay);
            Log($"round {round}: SIGKILL {delay} ms into the apply; {notYet.Count} switch(es)/node(s) not yet at the reference" +
                (interrupted ? ": " + string.Join(", ", notYet) : notYet.Count > 0 ? " (nothing written yet)" : ""));
        }
        Assert.True(interrupted, "no kill landed mid-apply (see the rounds above)");

        await using (var serve = await ServeProcess.StartAsync(fixture.Options, ResilienceFixture.ServiceFiles, Token))
        {
            var reconciled = await serve.WaitForLineAsync(l => l.Contains("] reconciled ", StringComparison.Ordinal), TimeSpan.FromSeconds(90), Token);
            Log(reconciled);
            Assert.DoesNotContain("FAILED", reconciled, StringComparison.Ordinal);
            serve.KillDash9();
        }

        var differences = fixture.Reference.Differences(ResilienceWitness.Take(fixture.State, fixture.Plan));
        Assert.True(differences.Count == 0, "differs from the uninterrupted run: " + string.Join(", ", differences));
    }

    [Fact]
    public async Task GatewayVswitchdKilledAndRestarted_ReconnectRestoresEveryFlowAndReachability_NoFrameCrossesTenants()
    {
        await RestoreAsync();
        const string gateway = "kuas-gw";
        var lab = fixture.State;
        var alphaWeb = Vif("alpha.web");
        var alphaDb = Vif("alpha.db");
        var betaWeb = Vif("beta.web");
        var betaDb = Vif("beta.db");
        var alphaMacs = fixture.Vifs.Where(v => v.Name.StartsWith("alpha.", StringComparison.Ordinal)).Select(v => v.MacText).ToList();
        var greFrom = fixture.Vifs.First(a => fixture.Vifs.Any(b => Reachability.PathOf(fixture.Plan, a, b) == PathKind.Gre));
        var greTo = fixture.Vifs.First(b => Reachability.PathOf(fixture.Plan, greFrom, b) == PathKind.Gre);
        await using var controller = new FedNetController(NodeEndpoint.FromLab(lab), FastRetry);
        var first = await controller.ApplyAsync(fixture.Plan, Token);
        Assert.Equal(0, first.FlowMods);
        var recovered = new TaskCompletionSource<IReadOnlyList<SwitchReport>>(TaskCreationOptions.RunContinuationsAsynchronously);
        controller.NodeRecovered += (node, reports) =>
        {
            if (node == gateway)
                recovered.TrySetResult(reports);
        };

        // Beta's db (same IP as alpha's db, on the other side of the gateway) listens for any frame from an alpha vif,
        // while alpha's web pings alpha's db through the gateway for the whole outage.
        await using var capture = await Capture.StartAsync(lab.Vm(betaDb.Name)!.Namespace, Token);
        await using var pinger = BackgroundProcess.Start("ip", "netns", "exec", lab.Vm(alphaWeb.Name)!.Namespace,
            "ping", "-n", "-i", "0.2", "-W", "1", alphaDb.IpText);
        var killed = await fixture.Lab.KillVswitchdAsync(gateway, Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        var started = await fixture.Lab.StartVswitchdAsync(gateway, Token);
        Log($"ovs-vswitchd of {gateway}: killed pid {killed}, started pid {started}");

        var reports = await recovered.Task.WaitAsync(TimeSpan.FromSeconds(90), Token);
        Assert.All(reports, r => Assert.True(r.Succeeded, r.ToString()));
        Assert.Contains(reports, r => r.FlowsAdded > 0);
        Assert.True(controller.Recoveries >= 1);
        Assert.Empty(fixture.Reference.Differences(ResilienceWitness.Take(fixture.State, fixture.Plan)));
        Assert.True(await PingsWithinAsync(lab.Vm(alphaWeb.Name)!.Namespace, alphaDb), "alpha.web -> alpha.db (VPLS) did not come back");
        Assert.True(await PingsWithinAsync(lab.Vm(greFrom.Name)!.Namespace, greTo), $"{greFrom.Name} -> {greTo.Name} (GRE) did not come back");
        Assert.True(await PingsWithinAsync(lab.Vm(betaWeb.Name)!.Namespace, betaDb), "beta.web -> beta.db did not come back");
        await pinger.DisposeAsync();

        var frames = await capture.StopAsync();
        Assert.Contains(frames, f => f.Contains(betaWeb.MacText, StringComparison.OrdinalIgnoreCase));
        var leaked = frames.Where(f => alphaMacs.Any(m => f.Contains(m, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaked.Count == 0, $"{leaked.Count} alpha frame(s) reached beta.db:\n" + string.Join("\n", leaked.Take(5)));
    }

    [Fact]
    public async Task Retry_NodeUnreachableThenBack_IsReconnectedAndReconciledWithoutAnotherApply()
    {
        await RestoreAsync();
        var endpoints = NodeEndpoint.FromLab(fixture.State).ToDictionary();
        var real = endpoints["kuas-rack2"].OvsdbTarget["unix:".Length..];
        var link = Path.Combine(Path.GetTempPath(), $"fednet-rs-{Guid.NewGuid():N}.sock");
        endpoints["kuas-rack2"] = endpoints["kuas-rack2"] with { OvsdbTarget = "unix:" + link };
        try
        {
            await using var controller = new FedNetController(endpoints, FastRetry);
            var recovered = new TaskCompletionSource<IReadOnlyList<SwitchReport>>(TaskCreationOptions.RunContinuationsAsynchronously);
            controller.NodeRecovered += (node, reports) =>
            {
                if (node == "kuas-rack2")
                    recovered.TrySetResult(reports);
            };

            var report = await controller.ApplyAsync(fixture.Plan, Token);

            Assert.Equal("kuas-rack2", Assert.Single(report.Failed).Switch.Node);
            Assert.Contains("kuas-rack2", controller.Retrying);
            Assert.All(report.Switches.Where(s => s.Succeeded), s => Assert.Equal(0, s.FlowMods));
            File.CreateSymbolicLink(link, real);
            var reports = await recovered.Task.WaitAsync(TimeSpan.FromSeconds(60), Token);
            Assert.All(reports, r => Assert.True(r.Succeeded, r.ToString()));
            Assert.Equal(fixture.Plan.State.Switches.Values.Where(s => s.Id.Node == "kuas-rack2").Sum(s => s.FlowCount), reports.Sum(r => r.FlowsInSync));
            Assert.DoesNotContain("kuas-rack2", controller.Retrying);
        }
        finally
        {
            File.Delete(link);
        }
    }

    private VifPlacement Vif(string name) => fixture.Vifs.Single(v => v.Name == name);

    /// <summary>Brings the lab back to the reference (a previous test may have left it wiped or drifted).</summary>
    private async Task RestoreAsync()
    {
        await using var controller = new FedNetController(NodeEndpoint.FromLab(fixture.State));
        var report = await controller.ApplyAsync(fixture.Plan, Token);
        Assert.True(report.Succeeded, string.Join("\n", report.Failed));
    }

    /// <summary>Deletes every bridge FedNet made (their flows and meters go with them), leaving the lab's own.</summary>
    private void Wipe()
    {
        var lab = fixture.State;
        foreach (var id in fixture.Plan.State.Switches.Keys)
            Shell.Run("ovs-vsctl", "--db=" + lab.Node(id.Node)!.OvsdbTarget, "--if-exists", "del-br", id.Bridge);
    }

    private static async Task<bool> PingsWithinAsync(string ns, VifPlacement to)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await Reachability.PingAsync(ns, to, Token))
                return true;
        }
        return false;
    }
}
