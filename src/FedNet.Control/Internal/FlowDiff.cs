using FedNet.OpenFlow;
using FedNet.Planning.State;
using PlanMatch = FedNet.Planning.State.Match;

namespace FedNet.Control.Internal;

/// <summary>
/// Desired flows vs the flows a switch reports, by value. A flow is identified as OpenFlow does, by (table, priority,
/// match). FedNet's flows (cookie marker 0xFE) that are not desired are deleted; flows with other cookies are left
/// alone unless a desired flow has their identity (then the desired one replaces them).
/// </summary>
internal sealed record FlowDiff(List<FlowEntry> Add, List<FlowEntry> Replace, List<FlowStats> Delete, int InSync, int Foreign)
{
    public bool IsEmpty => Add.Count == 0 && Replace.Count == 0 && Delete.Count == 0;

    /// <summary>Above this many flows the translations run on every core (a 100,000-flow switch on restart).</summary>
    private const int ParallelThreshold = 4096;

    public static FlowDiff Compute(IEnumerable<FlowEntry> desired, IReadOnlyList<FlowStats> actual,
        Func<FlowEntry, FlowEntry>? canonical = null)
    {
        // An empty table (first install, after a vswitchd restart) has nothing to compare with: skip the round trip.
        canonical = actual.Count == 0 ? static f => f : canonical ?? FlowTranslator.Canonical;
        var desiredList = desired as IReadOnlyList<FlowEntry> ?? [.. desired];
        var canonicals = Translate(desiredList, canonical);
        var want = new Dictionary<(byte, ushort, PlanMatch), FlowEntry>(canonicals.Length);
        foreach (var c in canonicals)
            want[(c.Table, c.Priority, c.Match)] = c;
        var read = Translate(actual, FlowTranslator.FromFlowStats);
        var have = new Dictionary<(byte, ushort, PlanMatch), FlowEntry>(want.Count);
        var delete = new List<FlowStats>();
        var foreign = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var s = actual[i];
            var mine = Cookies.IsFedNet(s.Cookie);
            var entry = read[i];
            if (entry is null)
            {
                // A shape FedNet never writes: an orphan of ours goes, anything else stays.
                if (mine)
                    delete.Add(s);
                else
                    foreign++;
                continue;
            }
            var key = (entry.Table, entry.Priority, entry.Match);
            if (want.ContainsKey(key))
                have[key] = entry;
            else if (mine)
                delete.Add(s);
            else
                foreign++;
        }
        var add = new List<FlowEntry>();
        var replace = new List<FlowEntry>();
        var inSync = 0;
        foreach (var (key, flow) in want)
        {
            if (!have.TryGetValue(key, out var current))
                add.Add(flow);
            else if (current == flow)
                inSync++;
            else
                replace.Add(flow);
        }
        return new FlowDiff(add, replace, delete, inSync, foreign);
    }

    private static TOut[] Translate<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, TOut> translate)
    {
        var result = new TOut[items.Count];
        if (items.Count < ParallelThreshold)
        {
            for (var i = 0; i < result.Length; i++)
                result[i] = translate(items[i]);
        }
        else
        {
            Parallel.For(0, result.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => result[i] = translate(items[i]));
        }
        return result;
    }
}
