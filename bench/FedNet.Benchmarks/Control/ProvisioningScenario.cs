using System.Diagnostics;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.Control;

/// <summary>
/// <c>scenario provisioning [--networks N] [--sample P] [--id LAB] [--keep]</c>: the paper federation as a lab, one
/// generated service of N networks × 4 VMs (default 1,000 × 4) over the three sites. Measured: description loaded and
/// validated, planned, every switch reconciled from empty and acknowledged by a barrier (OVSDB bridges and ports, then
/// flows in one bundle per switch), and the first successful ping of P sampled pairs (default 10: LAN, VPLS, GRE and
/// two-transit paths). Only the sampled VMs get namespaces; the other vifs are OVS ports whose device does not exist
/// (their flows are installed all the same). Baseline in the same run: the same flows, dumped from the switches,
/// pushed again with <c>ovs-ofctl --bundle add-flows</c> per switch (all switches at once) into emptied tables, against
/// FedNet reconciling the same emptied tables (OVSDB already in sync). Exits 1 if anything failed.
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
        var work = Directory.CreateTempSubdirectory("fednet-provisioning-").FullName;
        var examples = RestartScenario.ExamplesDirectory();
        var federationPath = Path.Combine(work, "federation.yaml");
        var servicePath = Path.Combine(work, "service.yaml");
        await File.WriteAllTextAsync(federationPath, ProvisioningWorkload.Federation(examples, networks));
        await File.WriteAllTextAsync(servicePath, ProvisioningWorkload.Service(networks, 4));
        Console.WriteLine($"provisioning: {networks:N0} networks × 4 VMs on the paper federation (lab '{labId}'), {Environment.ProcessorCount} cores");

        var lab = new FederationLab(new LabOptions { Id = labId, FednetCommand = ["dotnet", FednetCli.DllPath] });
        var failed = false;
        try
        {
            var up = Stopwatch.StartNew();
            await lab.UpAsync(LabTopology.Load(federationPath));
            Console.WriteLine($"  lab up: {up.Elapsed.TotalSeconds:0.0} s (not counted)");

            var clock = Stopwatch.StartNew();
            var set = LabDeployment.Load(federationPath, [servicePath]);
            var loaded = clock.Elapsed;
            var plan = Planner.Plan(set.Federation, set.Services);
            var planned = clock.Elapsed;
            Console.WriteLine($"  loaded and validated: {loaded.TotalSeconds:0.000} s; planned: {(planned - loaded).TotalSeconds:0.000} s " +
                $"({plan.State.Switches.Count} switches, {plan.State.FlowCount:N0} flows, {plan.Allocations.Macs.Count:N0} vifs)");

            var vifs = VifPlacement.All(plan).ToDictionary(v => v.Name, StringComparer.Ordinal);
            var sample = Sample(plan, vifs, networks, sampleSize);
            var sampled = sample.SelectMany(p => new[] { p.From.Name, p.To.Name }).ToHashSet(StringComparer.Ordinal);
            IReadOnlyCollection<string> others = [.. vifs.Keys.Where(n => !sampled.Contains(n))];
            var bind = Stopwatch.StartNew();
            var bound = await new VmCoordinator(new NamespaceComputeDriver(lab), _ => Task.FromResult(others)).BindAllAsync(plan);
            Console.WriteLine($"  bound the {bound} sampled VM endpoints: {bind.Elapsed.TotalSeconds:0.000} s (not counted)");

            var options = new ControllerOptions { SwitchTimeout = TimeSpan.FromMinutes(5), VswitchdTimeout = TimeSpan.FromMinutes(2) };
            var endpoints = NodeEndpoint.FromLab(lab.ReadState());
            var state = lab.ReadState();
            ReconcileReport first;
            var applied = Stopwatch.StartNew();
            await using (var controller = new FedNetController(endpoints, options))
            {
                // ApplyAsync = reconcile every switch (each ends with a barrier) + the tunnel warm-up pause; the report's own
                // clock covers the reconcile only.
                first = await controller.ApplyAsync(plan);
                failed |= !first.Succeeded;
                Console.WriteLine($"  every switch acknowledged by a barrier: {first.Elapsed.TotalSeconds:0.000} s after planning " +
                    $"({first.FlowMods:N0} flow-mods, {first.MeterMods} meter-mods, {first.OvsdbWrites:N0} OVSDB writes" +
                    (first.Succeeded ? ")" : $", FAILED: {string.Join("; ", first.Failed)})"));
                foreach (var s in first.Switches)
                    Console.WriteLine($"    {s}");

                var pings = await Task.WhenAll(sample.Select(async p =>
                {
                    var ns = state.Vm(p.From.Name)?.Namespace ?? lab.ReadState().Vm(p.From.Name)!.Namespace;
                    for (var attempt = 1; attempt <= 30; attempt++)
                    {
                        if (await Reachability.PingAsync(ns, p.To))
                            return (Pair: p, Seconds: applied.Elapsed.TotalSeconds, Attempt: attempt);
                    }
                    return (Pair: p, Seconds: double.NaN, Attempt: 0);
                }));
                foreach (var (pair, seconds, attempt) in pings)
                {
                    Console.WriteLine($"    {pair.From.Name} -> {pair.To.Name} ({pair.Path}): " +
                        (double.IsNaN(seconds) ? "NO REPLY" : $"first reply {seconds:0.000} s after planning (ping #{attempt})"));
                }
                failed |= pings.Any(p => double.IsNaN(p.Seconds));
                var reached = pings.Where(p => !double.IsNaN(p.Seconds)).Select(p => p.Seconds).ToList();
                if (reached.Count > 0)
                    Console.WriteLine($"  first successful ping: median {ScenarioArgs.Median(reached):0.000} s, last {reached.Max():0.000} s after planning");
            }

            // Baseline: the same flows (read back from the switches) pushed by ovs-ofctl into emptied tables, all switches at once.
            var targets = plan.State.Switches.Values.Where(s => s.FlowCount > 0)
                .Select(s => (s.Id, Target: state.Node(s.Id.Node)!.ManagementTarget(s.Id.Bridge), File: Path.Combine(work, $"{s.Id.Node}-{s.Id.Bridge}.flows")))
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
            await using (var controller = new FedNetController(endpoints, options))
            {
                controller.OverrideState(plan.State);
                flowsOnly = await controller.ReconcileAsync();
            }
            failed |= !flowsOnly.Succeeded || flowsOnly.OvsdbWrites != 0 || flowsOnly.FlowMods != plan.State.FlowCount;
            var fednetFlows = targets.Sum(t => CountFlows(t.Target));
            Console.WriteLine($"  FedNet into the same emptied tables (OVSDB in sync): {flowsOnly.Elapsed.TotalSeconds:0.000} s ({flowsOnly.FlowMods:N0} flow-mods, {fednetFlows:N0} flows)");
            Console.WriteLine($"ratio   ovs-ofctl / FedNet (flows only)    : {ofctl.Elapsed.TotalSeconds / flowsOnly.Elapsed.TotalSeconds:0.00}x");
            Console.WriteLine($"summary plan {(planned - loaded).TotalSeconds:0.000} s; barrier on every switch {first.Elapsed.TotalSeconds:0.000} s (reconcile) " +
                $"with {plan.State.FlowCount:N0} flows and {first.OvsdbWrites:N0} OVSDB writes");
        }
        catch (Exception e) when (e is FedNetException or InvalidOperationException or IOException)
        {
            Console.WriteLine($"provisioning: {e.Message}");
            failed = true;
        }
        finally
        {
            if (!keep)
                await lab.DownAsync();
            Directory.Delete(work, recursive: true);
        }
        Console.WriteLine(failed ? "provisioning: FAILED" : "provisioning: OK");
        return failed ? 1 : 0;
    }

    /// <summary>P same-network pairs spread over the networks, cycling through LAN, VPLS, GRE and two-transit paths.</summary>
    private static List<PairResult> Sample(NetworkPlan plan, Dictionary<string, VifPlacement> vifs, int networks, int size)
    {
        (int From, int To)[] kinds = [(0, 1), (0, 2), (0, 3), (2, 3), (3, 1)];
        var pairs = new List<PairResult>();
        for (var k = 0; k < size; k++)
        {
            var network = (int)((long)k * networks / Math.Max(1, size));
            var (from, to) = kinds[k % kinds.Length];
            var a = vifs[ProvisioningWorkload.Endpoint(network, from)];
            var b = vifs[ProvisioningWorkload.Endpoint(network, to)];
            pairs.Add(new PairResult(a, b, Reachability.PathOf(plan, a, b), false));
        }
        return pairs;
    }

    private static void Empty(IEnumerable<string> targets)
    {
        foreach (var t in targets)
            Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "del-flows", t);
    }

    private static int CountFlows(string target) =>
        Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", target).Split('\n')
            .Count(l => l.Contains("actions=", StringComparison.Ordinal));
}
