using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Planning.State;

namespace FedNet.Evaluation.Restart;

/// <summary>
/// <c>restart</c>: on the paper lab, kuas-rack1's br-int holds its planned flows plus 100,000 extra FedNet flows
/// (quick: 5,000). (1) A controller restart: each round a new controller (fresh connections, cold caches) reconciles
/// the switch: time to verified in sync and flow-mods sent (must be 0; witness: ovs-vswitchd's rev_flow_table counter),
/// against <c>ovs-ofctl dump-flows</c> of the same table (the time just to read it), interleaved. (2) Writing the flows
/// into the emptied table: FedNet against <c>ovs-ofctl --bundle add-flows</c>, interleaved. (3) ovs-vswitchd of that
/// node SIGKILLed and started again while a controller is connected: time from the restart until the controller's
/// retry loop has reconciled it, then the table is dumped and must equal the plan.
/// </summary>
internal sealed class RestartExperiment : IExperiment
{
    public string Id => "restart";

    public int Order => 120;

    public string Title => "Restart: controller and ovs-vswitchd restarts with a large flow table";

    public async Task<ExperimentReport> RunAsync(ExperimentContext context, CancellationToken cancellationToken = default)
    {
        var extra = context.Quick ? 5_000 : 100_000;
        var rounds = context.Repetitions ?? (context.Quick ? 1 : 3);
        var writeRounds = 1; // 2 in the first full run: trimmed to fit the 6-minute budget on this loaded machine
        var restartRounds = context.Quick ? 1 : 2;
        var desired = RestartWorkload.BuildState(context.Examples, extra, out var id);
        var total = desired.FlowCount;
        var reconnect = ReconnectOptions.Default;
        context.Report(this, $"{id} with {total:N0} flows ({extra:N0} extra); {rounds} restart rounds, {writeRounds} write rounds, {restartRounds} vswitchd restarts");

        var lab = new FederationLab(context.Lab("rst"));
        try
        {
            await lab.UpAsync(LabTopology.Load(Path.Combine(context.Examples, "federation-paper.yaml")), null, cancellationToken).ConfigureAwait(false);
            var node = lab.ReadState().Node(id.Node)!;
            var endpoints = new Dictionary<string, NodeEndpoint>(StringComparer.Ordinal) { [id.Node] = NodeEndpoint.FromLab(lab.ReadState())[id.Node] };
            var target = node.ManagementTarget(id.Bridge);
            string Counter() => Tool("ovs-appctl", "-t", node.VswitchdControl, "coverage/read-counter", "rev_flow_table");

            // Install by a first controller.
            var installClock = Stopwatch.StartNew();
            var install = await ReconcileWithNewControllerAsync(endpoints, desired, cancellationToken).ConfigureAwait(false);
            installClock.Stop();
            if (!install.Succeeded)
                throw new InvalidOperationException("install failed: " + string.Join("; ", install.Failed));
            var reference = RestartWorkload.FlowLines(Tool("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", target));
            if (reference.Count != total)
                throw new InvalidOperationException($"after the install the switch holds {reference.Count:N0} flows, the plan {total:N0}");
            context.Report(this, $"installed by a first controller in {installClock.Elapsed.TotalSeconds:0.000} s ({install.FlowMods:N0} flow-mods)");

            // (1) Controller restart vs ovs-ofctl dump-flows, interleaved.
            var witnessBefore = await RestartWorkload.SettledCounterAsync(Counter, cancellationToken).ConfigureAwait(false);
            var restarts = new JsonArray();
            var restartSeconds = new List<double>();
            var dumpSeconds = new List<double>();
            var flowModsAfterRestart = 0;
            for (var r = 0; r < rounds; r++)
            {
                var clock = Stopwatch.StartNew();
                var report = await ReconcileWithNewControllerAsync(endpoints, desired, cancellationToken).ConfigureAwait(false);
                clock.Stop();
                var dump = Stopwatch.StartNew();
                var lines = RestartWorkload.FlowLines(Tool("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", target)).Count;
                dump.Stop();
                restartSeconds.Add(clock.Elapsed.TotalSeconds);
                dumpSeconds.Add(dump.Elapsed.TotalSeconds);
                flowModsAfterRestart += report.FlowMods + report.MeterMods;
                restarts.Add(new JsonObject
                {
                    ["seconds"] = clock.Elapsed.TotalSeconds,
                    ["flowMods"] = report.FlowMods,
                    ["meterMods"] = report.MeterMods,
                    ["ovsdbWrites"] = report.OvsdbWrites,
                    ["flowsInSync"] = report.FlowsInSync,
                    ["succeeded"] = report.Succeeded,
                    ["dumpSeconds"] = dump.Elapsed.TotalSeconds,
                    ["dumpedFlows"] = lines,
                });
                context.Report(this, $"round {r + 1}/{rounds}: new controller in sync after {clock.Elapsed.TotalSeconds:0.000} s " +
                    $"({report.FlowMods} flow-mods, {report.OvsdbWrites} OVSDB writes, {report.FlowsInSync:N0} in sync); ovs-ofctl dump-flows {dump.Elapsed.TotalSeconds:0.000} s");
                if (!report.Succeeded || report.FlowsInSync != total)
                    throw new InvalidOperationException($"restart round {r + 1}: not in sync: {string.Join("; ", report.Failed)}");
            }
            var witnessAfter = await RestartWorkload.SettledCounterAsync(Counter, cancellationToken).ConfigureAwait(false);

            // (2) Writing N flows into the emptied table: FedNet vs ovs-ofctl --bundle add-flows, interleaved.
            var flowFile = Path.Combine(Path.GetTempPath(), $"fednet-restart-{context.Lab("rst").Id}.flows");
            await File.WriteAllTextAsync(flowFile, Tool("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", target), cancellationToken).ConfigureAwait(false);
            var writes = new JsonArray();
            var fednetWrite = new List<double>();
            var ofctlWrite = new List<double>();
            try
            {
                for (var w = 0; w < writeRounds; w++)
                {
                    Tool("ovs-ofctl", "-O", "OpenFlow13", "del-flows", target);
                    var f = Stopwatch.StartNew();
                    var report = await ReconcileWithNewControllerAsync(endpoints, desired, cancellationToken).ConfigureAwait(false);
                    f.Stop();
                    if (!report.Succeeded || report.FlowMods != total)
                        throw new InvalidOperationException($"write round {w + 1}: FedNet sent {report.FlowMods:N0} flow-mods for {total:N0} flows: {string.Join("; ", report.Failed)}");
                    Tool("ovs-ofctl", "-O", "OpenFlow13", "del-flows", target);
                    var o = Stopwatch.StartNew();
                    Tool("ovs-ofctl", "-O", "OpenFlow13", "--bundle", "add-flows", target, flowFile);
                    o.Stop();
                    var back = RestartWorkload.FlowLines(Tool("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", target));
                    if (!back.SequenceEqual(reference))
                        throw new InvalidOperationException($"write round {w + 1}: ovs-ofctl --bundle add-flows left {back.Count:N0} flows, not the plan's {total:N0}");
                    fednetWrite.Add(f.Elapsed.TotalSeconds);
                    ofctlWrite.Add(o.Elapsed.TotalSeconds);
                    writes.Add(new JsonObject { ["fednetSeconds"] = f.Elapsed.TotalSeconds, ["fednetFlowMods"] = report.FlowMods, ["ofctlSeconds"] = o.Elapsed.TotalSeconds });
                    context.Report(this, $"write round {w + 1}/{writeRounds}: FedNet into the emptied table {f.Elapsed.TotalSeconds:0.000} s, " +
                        $"ovs-ofctl --bundle add-flows {o.Elapsed.TotalSeconds:0.000} s");
                }
            }
            finally
            {
                File.Delete(flowFile);
            }

            // (3) ovs-vswitchd killed and started again under a connected controller.
            var vswitchd = new JsonArray();
            var fromRestart = new List<double>();
            var everyFlowBack = true;
            await using (var controller = new FedNetController(endpoints, new ControllerOptions { Reconnect = reconnect }))
            {
                controller.OverrideState(desired);
                var first = await controller.ReconcileAsync(cancellationToken).ConfigureAwait(false);
                if (!first.Succeeded || first.FlowMods != 0)
                    throw new InvalidOperationException($"before the vswitchd restart the controller found {first.FlowMods} differences: {string.Join("; ", first.Failed)}");
                for (var v = 0; v < restartRounds; v++)
                {
                    var recovered = new TaskCompletionSource<IReadOnlyList<SwitchReport>>(TaskCreationOptions.RunContinuationsAsynchronously);
                    var recoveredAt = TimeSpan.Zero;
                    var clock = Stopwatch.StartNew();
                    void OnRecovered(string n, IReadOnlyList<SwitchReport> reports)
                    {
                        if (n != id.Node)
                            return;
                        recoveredAt = clock.Elapsed;
                        recovered.TrySetResult(reports);
                    }
                    controller.NodeRecovered += OnRecovered;
                    try
                    {
                        var killed = await lab.KillVswitchdAsync(id.Node, cancellationToken).ConfigureAwait(false);
                        var killedAt = clock.Elapsed;
                        var started = await StartAgainAsync(lab, id.Node, killed, cancellationToken).ConfigureAwait(false);
                        var startedAt = clock.Elapsed;
                        var reports = await recovered.Task.WaitAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
                        var back = RestartWorkload.FlowLines(Tool("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", target));
                        var equal = back.SequenceEqual(reference);
                        everyFlowBack &= equal && reports.All(s => s.Succeeded);
                        fromRestart.Add((recoveredAt - startedAt).TotalSeconds);
                        vswitchd.Add(new JsonObject
                        {
                            ["killedPid"] = killed,
                            ["startedPid"] = started,
                            ["killSeconds"] = killedAt.TotalSeconds,
                            ["restartSeconds"] = (startedAt - killedAt).TotalSeconds,
                            ["fromRestartToReconciledSeconds"] = (recoveredAt - startedAt).TotalSeconds,
                            ["fromKillToReconciledSeconds"] = (recoveredAt - killedAt).TotalSeconds,
                            ["flowMods"] = reports.Sum(s => s.FlowMods),
                            ["flowsBack"] = back.Count,
                            ["equalsPlan"] = equal,
                        });
                        context.Report(this, $"vswitchd restart {v + 1}/{restartRounds}: every flow back {(recoveredAt - startedAt).TotalSeconds:0.000} s after the restart " +
                            $"({reports.Sum(s => s.FlowMods):N0} flow-mods; dump {(equal ? "equals" : "DIFFERS FROM")} the plan)");
                    }
                    finally
                    {
                        controller.NodeRecovered -= OnRecovered;
                    }
                }
            }

            return Report(context, id, total, extra, installClock.Elapsed, restartSeconds, dumpSeconds, flowModsAfterRestart, witnessBefore, witnessAfter,
                fednetWrite, ofctlWrite, fromRestart, everyFlowBack, reconnect, restarts, writes, vswitchd);
        }
        finally
        {
            await lab.DownAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the node's ovs-vswitchd again once the killed one is gone. With 100,000 flows a SIGKILLed ovs-vswitchd
    /// takes a while to tear down: its main thread is already a zombie while other threads still hold the pidfile's
    /// lock, and a start in that window aborts with "already running". So wait for the PID to vanish, and retry a start
    /// refused for that reason.
    /// </summary>
    private static async Task<int> StartAgainAsync(FederationLab lab, string node, int killed, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && Directory.Exists($"/proc/{killed}"); i++)
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await lab.StartVswitchdAsync(node, cancellationToken).ConfigureAwait(false);
            }
            catch (LabException e) when (attempt < 20 && e.Message.Contains("already running", StringComparison.Ordinal))
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<ReconcileReport> ReconcileWithNewControllerAsync(IReadOnlyDictionary<string, NodeEndpoint> endpoints, DesiredState desired,
        CancellationToken cancellationToken)
    {
        await using var controller = new FedNetController(endpoints, new ControllerOptions { SwitchTimeout = TimeSpan.FromMinutes(5) });
        controller.OverrideState(desired);
        return await controller.ReconcileAsync(cancellationToken).ConfigureAwait(false);
    }

    private ExperimentReport Report(ExperimentContext context, SwitchId id, int total, int extra, TimeSpan install,
        List<double> restart, List<double> dump, int flowModsAfterRestart, long witnessBefore, long witnessAfter,
        List<double> fednetWrite, List<double> ofctlWrite, List<double> fromRestart, bool everyFlowBack, ReconnectOptions reconnect,
        JsonArray restarts, JsonArray writes, JsonArray vswitchd)
    {
        var r = Statistics.Summarize(restart);
        var d = Statistics.Summarize(dump);
        var fw = Statistics.Summarize(fednetWrite);
        var ow = Statistics.Summarize(ofctlWrite);
        var vr = Statistics.Summarize(fromRestart);
        string S(double s) => s.ToString("0.000", CultureInfo.InvariantCulture);
        string Rate(double s) => (total / s).ToString("N0", CultureInfo.InvariantCulture);
        var table = new ReportTable($"{total:N0} flows on {id}", ["Step", "FedNet (s, median)", "FedNet spread (s)", "Baseline", "Baseline (s, median)", "FedNet / baseline", "FedNet flows/s"],
        [
            ["Controller restart: verified in sync", S(r.Median), r.Spread("F3"), "ovs-ofctl dump-flows (read only)", S(d.Median), Statistics.Ratio(r.Median, d.Median), Rate(r.Median)],
            ["Write every flow into the emptied table", S(fw.Median), fw.Spread("F3"), "ovs-ofctl --bundle add-flows", S(ow.Median), Statistics.Ratio(fw.Median, ow.Median), Rate(fw.Median)],
            ["ovs-vswitchd restart: every flow back", S(vr.Median), vr.Spread("F3"), "—", "—", "—", Rate(vr.Median)],
        ]);
        var guarantees = new ReportTable("Guarantees", ["Check", "Result"],
        [
            ["Flow-mods + meter-mods sent by restarted controllers", flowModsAfterRestart.ToString(CultureInfo.InvariantCulture)],
            ["ovs-vswitchd rev_flow_table across the controller restarts", $"{witnessBefore} before, {witnessAfter} after ({(witnessBefore == witnessAfter ? "unchanged" : "CHANGED")})"],
            ["After each ovs-vswitchd restart, dump-flows equals the plan", everyFlowBack ? "yes" : "NO"],
        ]);
        var data = new JsonObject
        {
            ["switch"] = id.ToString(),
            ["flows"] = total,
            ["extraFlows"] = extra,
            ["installSeconds"] = install.TotalSeconds,
            ["controllerRestarts"] = restarts,
            ["flowModsAfterRestart"] = flowModsAfterRestart,
            ["revFlowTableBefore"] = witnessBefore,
            ["revFlowTableAfter"] = witnessAfter,
            ["writes"] = writes,
            ["vswitchdRestarts"] = vswitchd,
            ["everyFlowBack"] = everyFlowBack,
            ["reconnect"] = new JsonObject
            {
                ["initialDelayMs"] = reconnect.InitialDelay.TotalMilliseconds,
                ["multiplier"] = reconnect.Multiplier,
                ["maxDelayMs"] = reconnect.MaxDelay.TotalMilliseconds,
                ["jitter"] = reconnect.Jitter,
            },
        };
        var labels = new[] { "restart: in sync", "write all flows", "vswitchd restart" };
        return new ExperimentReport(Id, Title,
        [
            $"The paper federation as a lab; {id} (a userspace ovs-vswitchd in its own namespace) holds its planned br-int for examples/elearning.yaml plus {extra:N0} extra FedNet flows: {total:N0} flows, installed by a first controller in {install.TotalSeconds:0.0} s (one bundle).",
            $"Controller restart: {restart.Count} round(s), each a new controller (fresh OVSDB and OpenFlow connections, cold translation cache) reconciling that switch; interleaved with `ovs-ofctl dump-flows` of the same table (the time just to read {total:N0} flows).",
            $"Writing: {fednetWrite.Count} round(s) of the table emptied with `ovs-ofctl del-flows`, then FedNet (a new controller, OVSDB already in sync, one bundle + barrier), emptied again, then `ovs-ofctl --bundle add-flows` of the same flows dumped from the switch.",
            $"ovs-vswitchd restart: {fromRestart.Count} round(s) of SIGKILL and a start with the lab's own bootstrap (same database: bridges and ports come back, flows do not) while a controller stays connected; its retry loop reconnects with backoff {reconnect.InitialDelay.TotalMilliseconds:0} ms × {reconnect.Multiplier:0.#} per attempt, capped at {reconnect.MaxDelay.TotalSeconds:0} s, ±{reconnect.Jitter * 100:0} % jitter (ReconnectOptions.Default). Measured from the moment the restarted ovs-vswitchd has applied its database until the controller reports the node reconciled (its barrier); then `ovs-ofctl dump-flows` must equal the reference dump line for line.",
            "Two cores shared by every switch of the lab and the controller (load average at the start in the header): absolute times are upper bounds that move with the load; the ratios are to baselines measured in the same run, interleaved.",
        ],
        [table, guarantees],
        [
            new ReportPlot("times", $"Seconds for {total:N0} flows: FedNet vs ovs-ofctl", p =>
            {
                p.Add.Bars(new[] { 0.0, 3.0, 6.0 }, new[] { r.Median, fw.Median, vr.Median }).LegendText = "FedNet";
                p.Add.Bars(new[] { 1.0, 4.0 }, new[] { d.Median, ow.Median }).LegendText = "ovs-ofctl (dump-flows / --bundle add-flows)";
                p.Axes.Bottom.SetTicks([0.5, 3.5, 6], labels);
                p.Axes.Left.Label.Text = "seconds (median)";
                p.Axes.Title.Label.Text = $"Restart with {total:N0} flows";
                // Headroom above the bars for the legend.
                p.Axes.Margins(bottom: 0, top: 0.3);
                p.ShowLegend(ScottPlot.Alignment.UpperLeft);
            }),
        ],
        [
            "A restarted controller sends nothing when the switch holds the plan: it reads every flow (flow-stats multipart), translates and compares; ovs-ofctl only reads, so the ratio is the cost of verifying.",
            "After an ovs-vswitchd restart the flows are lost (OVS keeps none across a restart); the time is dominated by where the retry loop is in its backoff when the switch comes back, plus one bundle of every flow.",
        ],
        data);
    }

    private static string Tool(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed (exit {p.ExitCode}): {stderr.Result.Trim()}");
        return stdout;
    }
}
