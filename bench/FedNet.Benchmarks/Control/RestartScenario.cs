using System.Diagnostics;
using FedNet.Control;
using FedNet.Evaluation.Restart;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.Control;

/// <summary>
/// <c>scenario restart-100k [--flows N] [--rounds R]</c>: one switch (a private userspace ovs-vswitchd) holds a host's
/// planned br-int plus N extra FedNet flows (default 100,000), installed by a first controller. Each round a new
/// controller (fresh connections, as after a restart) reconciles it: the time until it has verified the switch in sync,
/// and the flow-mods it sent (should be 0; ovs-vswitchd's own <c>rev_flow_table</c> counter is read before and after as a
/// witness). The workload is <see cref="RestartWorkload"/>, shared with the <c>restart</c> experiment of <c>bench paper</c>.
/// Baseline in the same run: <c>ovs-ofctl dump-flows</c> of the same table (the time just to read N flows).
/// Exits 1 when a restart sent anything or did not find the switch in sync.
/// </summary>
public sealed class RestartScenario : IScenario
{
    public string Name => "restart-100k";

    public string Description => "new controller vs a switch holding 100,000 FedNet flows: time to verified in sync, flow-mods sent; baseline ovs-ofctl dump-flows";

    public async Task<int> RunAsync(string[] args)
    {
        var extra = ScenarioArgs.Int(args, "--flows", 100_000);
        var rounds = ScenarioArgs.Int(args, "--rounds", 3);
        var state = RestartWorkload.BuildState(ExamplesDirectory(), extra, out var id);
        var total = state.FlowCount;
        using var ovs = OvsInstance.Start();
        var endpoints = new Dictionary<string, NodeEndpoint>(StringComparer.Ordinal)
        {
            [id.Node] = new NodeEndpoint(id.Node, ovs.DbTarget, ovs.Directory),
        };
        var target = ovs.ManagementTarget(id.Bridge);
        Console.WriteLine($"restart-100k: {id} with {total:N0} flows ({extra:N0} extra), {rounds} rounds, {Environment.ProcessorCount} cores");

        var install = Stopwatch.StartNew();
        await using (var first = new FedNetController(endpoints))
        {
            first.OverrideState(state);
            var report = await first.ReconcileAsync();
            if (!report.Succeeded)
                throw new InvalidOperationException("install failed: " + string.Join("; ", report.Failed));
            Console.WriteLine($"  install by a first controller: {install.Elapsed.TotalSeconds:0.000} s, {report.FlowMods:N0} flow-mods (OVSDB rows + one bundle + barrier)");
        }

        var fednet = new List<double>();
        var ofctl = new List<double>();
        var failed = false;
        var witnessBefore = await SettledCounterAsync(ovs);
        for (var r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            ReconcileReport report;
            await using (var controller = new FedNetController(endpoints))
            {
                controller.OverrideState(state);
                report = await controller.ReconcileAsync();
                clock.Stop();
            }
            fednet.Add(clock.Elapsed.TotalSeconds);
            var ok = report.Succeeded && report.FlowMods == 0 && report.MeterMods == 0 && report.OvsdbWrites == 0 && report.FlowsInSync == total;
            failed |= !ok;

            var dump = Stopwatch.StartNew();
            var lines = Shell.Run(ovs.Environment, "ovs-ofctl", "-O", "OpenFlow13", "dump-flows", target).Count(c => c == '\n');
            dump.Stop();
            ofctl.Add(dump.Elapsed.TotalSeconds);
            Console.WriteLine($"  round {r + 1}: new controller in sync after {fednet[^1]:0.000} s ({report.FlowMods} flow-mods, {report.MeterMods} meter-mods, " +
                $"{report.OvsdbWrites} OVSDB writes, {report.FlowsInSync:N0} in sync{(ok ? "" : ", NOT OK: " + string.Join("; ", report.Failed))}); " +
                $"ovs-ofctl dump-flows {ofctl[^1]:0.000} s ({lines:N0} lines)");
        }
        var witnessAfter = await SettledCounterAsync(ovs);
        var f = ScenarioArgs.Median(fednet);
        var o = ScenarioArgs.Median(ofctl);
        Console.WriteLine($"median  new controller, verified in sync : {f:0.000} s ({total / f:N0} flows/s)");
        Console.WriteLine($"median  ovs-ofctl dump-flows (baseline)  : {o:0.000} s ({total / o:N0} flows/s)");
        Console.WriteLine($"ratio   FedNet / ovs-ofctl dump-flows     : {f / o:0.00}x");
        Console.WriteLine($"witness ovs-vswitchd rev_flow_table       : {witnessBefore} before, {witnessAfter} after the restarts " +
            (witnessBefore == witnessAfter ? "(no flow table change)" : "(CHANGED)"));
        failed |= witnessBefore != witnessAfter;
        Console.WriteLine(failed ? "restart-100k: FAILED" : "restart-100k: OK (0 flow-mods, in sync)");
        return failed ? 1 : 0;
    }

    private static Task<long> SettledCounterAsync(OvsInstance ovs) =>
        RestartWorkload.SettledCounterAsync(() => ovs.Appctl("coverage/read-counter", "rev_flow_table"));

    internal static string ExamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (File.Exists(Path.Combine(candidate, "federation-paper.yaml")))
                return candidate;
        }
        throw new DirectoryNotFoundException("examples/federation-paper.yaml not found above " + AppContext.BaseDirectory);
    }
}
