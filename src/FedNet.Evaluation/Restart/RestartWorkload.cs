using System.Globalization;
using FedNet.Model;
using FedNet.Planning;
using FedNet.Planning.State;

namespace FedNet.Evaluation.Restart;

/// <summary>
/// The restart workload: one switch holding a host's planned br-int plus N extra FedNet flows, and ovs-vswitchd's own
/// flow-table change counter as the witness that a restarted controller sent nothing. Used by the <c>restart</c>
/// experiment and by the bench's <c>scenario restart-100k</c>.
/// </summary>
public static class RestartWorkload
{
    /// <summary>The node whose br-int carries the workload.</summary>
    public const string Node = "kuas-rack1";

    /// <summary>
    /// The paper federation's kuas-rack1 br-int as the planner makes it for examples/elearning.yaml, plus
    /// <paramref name="extra"/> FedNet flows (one MAC-forwarding flow per (VLAN, MAC), FedNet cookies); the desired state
    /// holds that one switch only.
    /// </summary>
    public static DesiredState BuildState(string examples, int extra, out SwitchId id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extra);
        var set = DescriptionSet.Load(Path.Combine(examples, "federation-paper.yaml"), Path.Combine(examples, "elearning.yaml")).Value
            ?? throw new InvalidOperationException($"the examples in {examples} do not load");
        var plan = Planner.Plan(set.Federation, set.Services);
        var host = plan.State.Switches.Values.First(s => s.Id.Node == Node);
        id = host.Id;
        var flows = new FlowEntry[extra];
        for (var i = 0; i < extra; i++)
        {
            var vlan = 100 + (i % 100);
            var mac = 0x02fe_8000_0000UL + (ulong)i;
            flows[i] = new FlowEntry(0, 50, Cookies.Make(CookieKind.RemoteForward, 0xF000 + (i / 100_000), i % 100_000),
                Match.Of(M.Vlan(vlan), M.EthDst(mac)), EquatableArray.Of<FlowAction>(new Output(1)));
        }
        var big = host with { Flows = host.Flows.SetItem(0xF000, flows) };
        return new DesiredState(ValueMap<SwitchId, SwitchState>.Empty.SetItem(id, big));
    }

    /// <summary>
    /// ovs-vswitchd's <c>rev_flow_table</c> coverage counter (bumped by any flow table change), read by
    /// <paramref name="readCounter"/> (the output of <c>ovs-appctl coverage/read-counter rev_flow_table</c>) after 2.5 s:
    /// ovs-vswitchd folds its threads' counts into the totals about once a second.
    /// </summary>
    public static async Task<long> SettledCounterAsync(Func<string> readCounter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readCounter);
        await Task.Delay(TimeSpan.FromSeconds(2.5), cancellationToken).ConfigureAwait(false);
        return long.Parse(readCounter().Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The flow lines of <c>ovs-ofctl --no-stats dump-flows</c> output, sorted (for comparing two dumps).</summary>
    public static IReadOnlyList<string> FlowLines(string dump) =>
        [.. dump.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("actions=", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
