using System.Globalization;

namespace FedNet.Evaluation.ServicePartition.Internal;

/// <summary>
/// Raises the CPU share of the measured path (this lab's Open vSwitch daemons, the service nodes, the session
/// generator) over the rest of a shared, often saturated 2-core machine, as BenchmarkDotNet raises its own process's
/// priority. Linux nice values are per thread, so every thread of a process is reniced; threads created later inherit
/// their creator's value. Only processes this experiment started (and itself) are touched.
/// </summary>
internal static class SchedulingPriority
{
    /// <summary>The nice value of the measured path (0 is the default; CFS gives a -10 thread ~9× the weight of a 0 one).</summary>
    public const int Boosted = -10;

    /// <summary>Sets every thread of <paramref name="pids"/> to <paramref name="nice"/>; a process that is gone is skipped.</summary>
    public static async Task SetAsync(IEnumerable<int> pids, int nice, CancellationToken cancellationToken = default)
    {
        var tids = pids.SelectMany(Threads).Select(t => t.ToString(CultureInfo.InvariantCulture)).ToList();
        if (tids.Count == 0)
            return;
        // renice exits non-zero when a thread ended meanwhile; the others are still set.
        await VmTools.RunAsync(["renice", "-n", nice.ToString(CultureInfo.InvariantCulture), "-p", .. tids], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The nice value of this process's main thread (to restore it).</summary>
    public static int Current()
    {
        // /proc/self/stat field 19 is nice; the command name (field 2) is in parentheses and may hold spaces.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }

    private static IEnumerable<int> Threads(int pid)
    {
        try
        {
            return [.. Directory.GetDirectories($"/proc/{pid}/task").Select(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture))];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
