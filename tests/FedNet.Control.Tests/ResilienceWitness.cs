using System.Text.RegularExpressions;
using FedNet.Lab;
using FedNet.Planning;
using FedNet.Planning.State;
using FedNet.TestSupport;

namespace FedNet.Control.Tests;

/// <summary>
/// What the switches really hold, read with OVS's own tools (never through FedNet): flows and meters by value (no
/// counters), FedNet-relevant OVSDB columns, and ovs-vswitchd's coverage counters that move on every flow table change
/// (<c>rev_flow_table</c>), every meter add/modify (<c>dpif_meter_set</c>) and every database change it applies
/// (<c>bridge_reconfigure</c>).
/// </summary>
internal static partial class ResilienceWitness
{
    /// <summary>ovs-vswitchd's counters of one node.</summary>
    public sealed record Counters(long FlowTableChanges, long MeterSets, long Reconfigures);

    /// <summary>Everything one switch holds, by value: sorted flow lines without statistics, meters, OVSDB rows.</summary>
    public sealed record Snapshot(IReadOnlyDictionary<string, string> BySwitch)
    {
        /// <summary>Switches whose content differs from <paramref name="other"/>.</summary>
        public IReadOnlyList<string> Differences(Snapshot other) =>
        [
            .. BySwitch.Keys.Union(other.BySwitch.Keys).Order(StringComparer.Ordinal)
                .Where(k => BySwitch.GetValueOrDefault(k) != other.BySwitch.GetValueOrDefault(k)),
        ];
    }

    public static IReadOnlyList<string> Nodes(NetworkPlan plan) =>
        [.. plan.State.Switches.Keys.Select(k => k.Node).Distinct().Order(StringComparer.Ordinal)];

    public static Counters Read(LabState lab, string node)
    {
        var ctl = lab.Node(node)!.VswitchdControl;
        long Counter(string name) => long.Parse(Shell.Run("ovs-appctl", "-t", ctl, "coverage/read-counter", name).Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        return new Counters(Counter("rev_flow_table"), Counter("dpif_meter_set"), Counter("bridge_reconfigure"));
    }

    /// <summary>
    /// Every node's counters once they have settled: ovs-vswitchd folds its threads' counts into the totals about once a
    /// second, so a read right after a change could miss it.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Counters>> ReadSettledAsync(LabState lab, IEnumerable<string> nodes,
        CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(2.5), cancellationToken);
        return nodes.ToDictionary(n => n, n => Read(lab, n), StringComparer.Ordinal);
    }

    public static Snapshot Take(LabState lab, NetworkPlan plan)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in plan.State.Switches.Keys)
        {
            var target = lab.Node(id.Node)!.ManagementTarget(id.Bridge);
            var exists = Shell.Try("ovs-ofctl", "-O", "OpenFlow13", "show", target).ExitCode == 0;
            result[id.ToString()] = exists
                ? "flows:\n" + Lines(Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", target)) +
                  "meters:\n" + MeterText(Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", target))
                : "(no bridge)";
        }
        foreach (var node in Nodes(plan))
        {
            var db = "--db=" + lab.Node(node)!.OvsdbTarget;
            string List(string table, string columns) =>
                Lines(Shell.Run("ovs-vsctl", db, "--format=csv", "--data=bare", "--no-headings", "--columns=" + columns, "list", table));
            result[node + " ovsdb"] =
                "bridges:\n" + List("Bridge", "name,datapath_type,fail_mode,protocols,external_ids") +
                "ports:\n" + List("Port", "name,tag,trunks,vlan_mode,external_ids,other_config") +
                "interfaces:\n" + List("Interface", "name,type,options,ofport_request,external_ids");
        }
        return new Snapshot(result);
    }

    /// <summary>The meter of <paramref name="target"/> with id <paramref name="id"/> as an <c>ovs-ofctl mod-meter</c> argument, rate changed.</summary>
    public static string MeterWithOtherRate(string target, uint id)
    {
        var text = MeterText(Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", target));
        var meter = text.Split("meter=", StringSplitOptions.RemoveEmptyEntries).Single(m => m.StartsWith($"{id} ", StringComparison.Ordinal));
        var spec = "meter=" + meter.Replace("\n", "", StringComparison.Ordinal).Trim().Replace(' ', ',');
        return RateRegex().Replace(spec, m => "rate=" + (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1000));
    }

    private static string MeterText(string dump) =>
        string.Concat(dump.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("OFPST", StringComparison.Ordinal)).Select(l => l.Trim() + "\n"));

    private static string Lines(string text) =>
        string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("OFPST", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(l => l + "\n"));

    [GeneratedRegex("rate=([0-9]+)")]
    private static partial Regex RateRegex();
}
