using System.Diagnostics;
using FedNet.Control;
using FedNet.Evaluation.Provisioning;
using FedNet.Lab;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.Control;

/// <summary>
/// <c>scenario provisioning [--networks N] [--sample P] [--id LAB] [--keep]</c>: the paper federation as a lab, one
/// generated service of N networks × 4 VMs (default 1,000 × 4) over the three sites (<see cref="ProvisioningWorkload"/>).
/// Measured by <see cref="FedNetProvisioning"/> (shared with the <c>provisioning</c> experiment of <c>bench paper</c>):
/// description loaded and validated, planned, every switch reconciled from empty and acknowledged by a barrier, and the
/// first successful ping of P sampled pairs (default 10: LAN, VPLS, GRE and two-transit paths). Baseline in the same
/// run: the same flows, dumped from the switches, pushed again with <c>ovs-ofctl --bundle add-flows</c> per switch (all
/// switches at once) into emptied tables, against FedNet reconciling the same emptied tables (OVSDB already in sync).
/// Exits 1 if anything failed.
/// </summary>
public sealed class ProvisioningScenario : IScenario
{
    public string Name => "provisioning";

    public string Description => "1,000 networks × 4 VMs on the paper lab: plan, barrier on every switch, first ping of a sample; baseline ovs-ofctl --bundle add-flows";

    public async Task<int> RunAsync(string[] args)
    {
        var networks = ScenarioArgs.Int(args, "--networks", 1000);
        var sampleSize = ScenarioArgs.Int(args, "--sample", 10);
        var idIndex = Array.IndexOf(args, "--id");
        var labId = idIndex >= 0 && idIndex + 1 < args.Length ? args[idIndex + 1] : "bprov";
        var keep = args.Contains("--keep");
        Console.WriteLine($"provisioning: {networks:N0} networks × 4 VMs on the paper federation (lab '{labId}'), {Environment.ProcessorCount} cores");

        var failed = false;
        FedNetProvisioning? run = null;
        try
        {
            var up = Stopwatch.StartNew();
            run = await FedNetProvisioning.StartAsync(new LabOptions { Id = labId, FednetCommand = ["dotnet", FednetCli.DllPath] },
                RestartScenario.ExamplesDirectory(), networks);
            Console.WriteLine($"  lab up: {up.Elapsed.TotalSeconds:0.0} s (not counted)");
            var options = new ControllerOptions { SwitchTimeout = TimeSpan.FromMinutes(5), VswitchdTimeout = TimeSpan.FromMinutes(2) };
            var result = await run.MeasureAsync(sampleSize, options, new Progress());
            var plan = result.Plan;
            var first = result.Reconcile;
            Console.WriteLine($"  loaded and validated: {result.Load.TotalSeconds:0.000} s; planned: {result.Planning.TotalSeconds:0.000} s " +
                $"({plan.State.Switches.Count} switches, {plan.State.FlowCount:N0} flows, {plan.Allocations.Macs.Count:N0} vifs)");
            Console.WriteLine($"  every switch acknowledged by a barrier: {first.Elapsed.TotalSeconds:0.000} s after planning " +
                $"({first.FlowMods:N0} flow-mods, {first.MeterMods} meter-mods, {first.OvsdbWrites:N0} OVSDB writes)");
            foreach (var s in first.Switches)
                Console.WriteLine($"    {s}");
            var sinceProvisioning = result.Load + result.Planning;
            foreach (var p in result.Pings)
            {
                Console.WriteLine($"    {p.From} -> {p.To} ({p.Path}): " +
                    (p.At is { } at ? $"first reply {(at - sinceProvisioning).TotalSeconds:0.000} s after planning (ping #{p.Attempt})" : "NO REPLY"));
            }
            failed |= result.Pings.Any(p => !p.Reached);
            var reached = result.Pings.Where(p => p.Reached).Select(p => (p.At!.Value - sinceProvisioning).TotalSeconds).ToList();
            if (reached.Count > 0)
                Console.WriteLine($"  first successful ping: median {ScenarioArgs.Median(reached):0.000} s, last {reached.Max():0.000} s after planning");

            // Baseline: the same flows (read back from the switches) pushed by ovs-ofctl into emptied tables, all switches at once.
            var state = run.Lab.ReadState();
            var targets = plan.State.Switches.Values.Where(s => s.FlowCount > 0)
                .Select(s => (s.Id, Target: state.Node(s.Id.Node)!.ManagementTarget(s.Id.Bridge), File: Path.Combine(run.WorkDirectory, $"{s.Id.Node}-{s.Id.Bridge}.flows")))
                .ToList();
            foreach (var t in targets)
                await File.WriteAllTextAsync(t.File, Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", t.Target));
            Empty(targets.Select(t => t.Target));
            var ofctl = Stopwatch.StartNew();
            await Task.WhenAll(targets.Select(t => Task.Run(() => Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "--bundle", "add-flows", t.Target, t.File))));
            ofctl.Stop();
            var ofctlFlows = targets.Sum(t => CountFlows(t.Target));
            Console.WriteLine($"  baseline ovs-ofctl --bundle add-flows, every switch at once: {ofctl.Elapsed.TotalSeconds:0.000} s ({ofctlFlows:N0} flows)");

            Empty(targets.Select(t => t.Target));
            ReconcileReport flowsOnly;
            await using (var controller = new FedNetController(NodeEndpoint.FromLab(state), options))
            {
                controller.OverrideState(plan.State);
                flowsOnly = await controller.ReconcileAsync();
            }
            failed |= !flowsOnly.Succeeded || flowsOnly.OvsdbWrites != 0 || flowsOnly.FlowMods != plan.State.FlowCount;
            var fednetFlows = targets.Sum(t => CountFlows(t.Target));
            Console.WriteLine($"  FedNet into the same emptied tables (OVSDB in sync): {flowsOnly.Elapsed.TotalSeconds:0.000} s ({flowsOnly.FlowMods:N0} flow-mods, {fednetFlows:N0} flows)");
            Console.WriteLine($"ratio   ovs-ofctl / FedNet (flows only)    : {ofctl.Elapsed.TotalSeconds / flowsOnly.Elapsed.TotalSeconds:0.00}x");
            Console.WriteLine($"summary plan {result.Planning.TotalSeconds:0.000} s; barrier on every switch {first.Elapsed.TotalSeconds:0.000} s (reconcile) " +
                $"with {plan.State.FlowCount:N0} flows and {first.OvsdbWrites:N0} OVSDB writes");
        }
        catch (Exception e) when (e is FedNetException or InvalidOperationException or IOException)
        {
            Console.WriteLine($"provisioning: {e.Message}");
            failed = true;
        }
        finally
        {
            if (run is not null && !keep)
                await run.DisposeAsync();
        }
        Console.WriteLine(failed ? "provisioning: FAILED" : "provisioning: OK");
        return failed ? 1 : 0;
    }

    private static void Empty(IEnumerable<string> targets)
    {
        foreach (var t in targets)
            Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "del-flows", t);
    }

    private static int CountFlows(string target) =>
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", target).Split('\n')
            .Count(l => l.Contains("actions=", StringComparison.Ordinal));

    /// <summary>Prints the measurement's steps as they happen.</summary>
    private sealed class Progress : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine("  " + value);
    }
}
