using System.Globalization;
using FedNet.TestSupport;

namespace FedNet.Lab.Tests;

/// <summary>Looks at a lab from outside: namespaces, links, processes, ping, fednet CLI runs.</summary>
internal static class LabProbe
{
    /// <summary>Interface names the lab creates; any of them showing up in the root namespace would be a leak.</summary>
    private static readonly string[] LabLinkPrefixes =
        ["seg0", "tr", "wan0", "sp", "sb", "ta", "tb", "ub", "vf", "g0", "g1", "wa", "wb", "br-underlay"];

    /// <summary>Everything of lab <paramref name="options"/> that exists right now, one line per item.</summary>
    public static async Task<IReadOnlyList<string>> TracesAsync(LabOptions options)
    {
        var traces = new List<string>();
        var lab = new FederationLab(options);
        traces.AddRange((await lab.ListNamespacesAsync()).Select(n => "namespace " + n));
        if (Directory.Exists(options.Directory))
            traces.Add("directory " + options.Directory);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (cmdline.Contains(options.Directory + "/", StringComparison.Ordinal) && ProcessKiller.IsAlive(pid))
                traces.Add($"process {pid}: {cmdline}");
        }
        return traces;
    }

    /// <summary>The root namespace's links that carry a lab interface name.</summary>
    public static HashSet<string> RootLabLinks() =>
        [.. Shell.Run("ip", "-o", "link", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 3)[1].Trim().Split('@')[0])
            .Where(n => LabLinkPrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal)))];

    /// <summary>Runs a program in a namespace.</summary>
    public static CommandResult InNs(string ns, params string[] args) => Shell.Try("ip", ["netns", "exec", ns, .. args]);

    /// <summary>Round-trip times (ms) of <paramref name="count"/> pings; throws unless most come back.</summary>
    public static List<double> PingTimes(string ns, string address, int count, string interval = "0.05")
    {
        var result = InNs(ns, "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", interval, "-W", "2", address);
        var times = result.StandardOutput.Split('\n')
            .Select(l => l.IndexOf("time=", StringComparison.Ordinal) is var i and >= 0 ? l[(i + 5)..].Split(' ')[0] : null)
            .Where(t => t is not null)
            .Select(t => double.Parse(t!, CultureInfo.InvariantCulture))
            .ToList();
        if (times.Count < count / 2)
            throw new InvalidOperationException(
                $"ping {address} from {ns}: {times.Count}/{count} replies\n{result.StandardOutput}{result.StandardError}");
        return times;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>True when one ping gets an answer.</summary>
    public static bool Reaches(string ns, string address) =>
        InNs(ns, "ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", address).Succeeded;

    /// <summary>Runs the fednet CLI (the fednet.dll copied beside the tests).</summary>
    public static CommandResult Fednet(params string[] args) =>
        Shell.Try(Environment.ProcessPath ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "fednet.dll"), .. args]);
}
