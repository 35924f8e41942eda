using System.Diagnostics;
using FedNet.Planning;
using FedNet.Planning.Internal;

namespace FedNet.Benchmarks.Planning;

/// <summary>
/// <c>scenario planner [NETWORKS]</c>: plans NETWORKS (default 10,000) networks × 10 VMs over 8 sites from scratch, then
/// one change (one VM added to one network) incrementally and, as the baseline, as a full re-plan; prints times, peak
/// memory and the full/incremental ratio.
/// </summary>
public sealed class PlannerScenario : IScenario
{
    public string Name => "planner";

    public string Description => "plan 10,000 networks x 10 VMs over 8 sites, then one change incrementally vs a full re-plan";

    public Task<int> RunAsync(string[] args)
    {
        var networks = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var federation = PlanningWorkload.Federation();
        var services = PlanningWorkload.Services(networks);
        var changed = PlanningWorkload.Service(services.Count / 2, 10, 10, variant: 1);
        var change = new UpsertService(changed);

        // Warm up the JIT on a small plan so the timings measure the planner, not compilation.
        var small = Planner.Plan(federation, PlanningWorkload.Services(100));
        _ = Planner.Plan(small, new UpsertService(PlanningWorkload.Service(5, 10, 10, variant: 1)));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baselineMemory = GC.GetTotalMemory(true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var fullGcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var phases = new PlanPhases();
        var sw = Stopwatch.StartNew();
        var plan = Planner.Plan(federation, services, null, phases);
        var full = sw.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var fullGcs = $"{GC.CollectionCount(0) - fullGcBefore.Item1}/{GC.CollectionCount(1) - fullGcBefore.Item2}/{GC.CollectionCount(2) - fullGcBefore.Item3}";
        var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
        var retained = GC.GetTotalMemory(true) - baselineMemory;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        var incremental = new List<TimeSpan>();
        PlanUpdate? update = null;
        var incrementalCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocatedIncrementalBefore = GC.GetTotalAllocatedBytes(true);
        for (var i = 0; i < 5; i++)
        {
            sw.Restart();
            update = Planner.Plan(plan, change);
            incremental.Add(sw.Elapsed);
        }
        var incrementalCpu = (Process.GetCurrentProcess().TotalProcessorTime - incrementalCpuBefore) / 5;
        var allocatedIncremental = (GC.GetTotalAllocatedBytes(true) - allocatedIncrementalBefore) / 5;
        var gcs = $"gen0/1/2 collections during the 5 changes: {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/" +
            $"{GC.CollectionCount(2) - gcBefore.Item3}";
        sw.Restart();
        var replanned = Planner.Plan(federation, [.. plan.Services.Values.Where(s => s.Tenant != changed.Tenant), changed], plan.Allocations);
        var fullReplan = sw.Elapsed;
        var equal = replanned.State.Equals(update!.Plan.State);

        var median = incremental.Order().ElementAt(incremental.Count / 2);
        Console.WriteLine($"planner: {networks:N0} networks x 10 VMs, {PlanningWorkload.Sites} sites, {plan.State.Switches.Count} switches, " +
            $"{plan.State.FlowCount:N0} flows, {plan.Allocations.Macs.Count:N0} vifs");
        Console.WriteLine($"load average:         {LoadAverage()}   (other work on this machine inflates wall times)");
        Console.WriteLine($"full plan:            {full.TotalMilliseconds,10:N1} ms   (process CPU {cpu.TotalMilliseconds:N0} ms) allocated {allocated / 1e6:N0} MB, retained {retained / 1e6:N0} MB, " +
            $"peak working set {peak / 1e6:N0} MB");
        Console.WriteLine($"                      GC pauses {pause.TotalMilliseconds:N0} ms, gen0/1/2 collections {fullGcs}");
        foreach (var (phase, elapsed, gen0, gen1, gen2, bytes) in phases.Phases)
        {
            // Indented names are moments within the phase above: no collections or bytes of their own.
            var detail = phase.StartsWith(' ') ? "(within the phase above)" : $"(allocated {bytes / 1e6,5:N0} MB, gen0/1/2 collections {gen0}/{gen1}/{gen2})";
            Console.WriteLine($"  {phase + ":",-26}{elapsed.TotalMilliseconds,10:N1} ms   {detail}");
        }
        Console.WriteLine($"one change (incr.):   {median.TotalMilliseconds,10:N1} ms   (median of 5; process CPU {incrementalCpu.TotalMilliseconds:N1} ms each; {update.Delta.Upserted.Count} switches upserted)");
        Console.WriteLine($"                      allocated {allocatedIncremental / 1e6:N1} MB per change; {gcs}");
        Console.WriteLine($"one change (full):    {fullReplan.TotalMilliseconds,10:N1} ms   (baseline: full re-plan with previous allocations)");
        Console.WriteLine($"ratio full/incr.:     {fullReplan / median,10:N1} x   incremental == full re-plan: {equal}");
        return Task.FromResult(equal ? 0 : 1);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
