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

    public static FlowDiff Compute(IEnumerable<FlowEntry> desired, IReadOnlyList<FlowStats> actual)
    {
        var want = new Dictionary<(byte, ushort, PlanMatch), FlowEntry>();
        foreach (var f in desired)
        {
            var c = FlowTranslator.Canonical(f);
            want[(c.Table, c.Priority, c.Match)] = c;
        }
        var have = new Dictionary<(byte, ushort, PlanMatch), FlowEntry>();
        var delete = new List<FlowStats>();
        var foreign = 0;
        foreach (var s in actual)
        {
            var mine = Cookies.IsFedNet(s.Cookie);
            var entry = FlowTranslator.FromFlowStats(s);
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
}
