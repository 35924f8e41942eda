using System.Globalization;
using FedNet.Api.Contracts;

namespace FedNet.Cli.Client;

/// <summary>
/// The readable diff of <c>fednet plan</c> and <c>fednet apply</c>: networks and VMs added (+), removed (-) and changed
/// (~), then the flows added and removed and OVSDB rows changed per switch. Plain aligned text, so it diffs and greps.
/// </summary>
public static class DiffWriter
{
    /// <summary>Writes <paramref name="diff"/> under a heading.</summary>
    public static void Write(string heading, PlanDiffDto diff, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(heading);
        if (IsEmpty(diff))
        {
            output.WriteLine("  no changes");
            return;
        }
        Resources("networks", diff.Networks, output);
        Resources("vms", diff.Vms, output);
        if (diff.Switches.Count > 0)
        {
            var rows = new List<string[]> { new[] { "SWITCH", "FLOWS+", "FLOWS-", "ROWS" } };
            rows.AddRange(diff.Switches.Select(s => new[] { s.Switch, Number(s.FlowsAdded), Number(s.FlowsRemoved), Number(s.RowsChanged) }));
            output.WriteLine("  switches:");
            TextTable.Write(output, rows, indent: "    ", rightAligned: [1, 2, 3]);
        }
        output.WriteLine("  " + Summary(diff));
    }

    /// <summary>One line: <c>N networks +a -r ~c, N vms ..., N switches: +F -F flows, R rows</c>.</summary>
    public static string Summary(PlanDiffDto diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return $"networks +{diff.Networks.Added.Count} -{diff.Networks.Removed.Count} ~{diff.Networks.Changed.Count}, " +
            $"vms +{diff.Vms.Added.Count} -{diff.Vms.Removed.Count} ~{diff.Vms.Changed.Count}, " +
            $"{diff.Switches.Count} switch{(diff.Switches.Count == 1 ? "" : "es")}: " +
            $"flows +{Number(diff.Switches.Sum(s => s.FlowsAdded))} -{Number(diff.Switches.Sum(s => s.FlowsRemoved))}, " +
            $"rows ~{Number(diff.Switches.Sum(s => s.RowsChanged))}";
    }

    /// <summary>True when the diff changes nothing.</summary>
    public static bool IsEmpty(PlanDiffDto diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return diff.Networks.Added.Count + diff.Networks.Removed.Count + diff.Networks.Changed.Count +
            diff.Vms.Added.Count + diff.Vms.Removed.Count + diff.Vms.Changed.Count == 0 &&
            diff.Switches.All(s => s.FlowsAdded + s.FlowsRemoved + s.RowsChanged == 0);
    }

    private static void Resources(string kind, ResourceDiffDto diff, TextWriter output)
    {
        if (diff.Added.Count + diff.Removed.Count + diff.Changed.Count == 0)
            return;
        output.WriteLine($"  {kind}:");
        foreach (var n in diff.Added)
            output.WriteLine($"    + {n}");
        foreach (var n in diff.Removed)
            output.WriteLine($"    - {n}");
        foreach (var n in diff.Changed)
            output.WriteLine($"    ~ {n}");
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
