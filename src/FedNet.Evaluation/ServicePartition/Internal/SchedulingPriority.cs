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

    /// <summary>
    /// The real-time round-robin priority of the forwarding path and the service nodes: above every normal task (so a
    /// compiler cannot delay a frame or a reply), below the lab's WAN emulators (SCHED_FIFO 20) whose timing it must not
    /// disturb. These processes sleep between requests; the kernel's RT throttling keeps 5 % of the CPU for the rest anyway.
    /// </summary>
    public const int RealTime = 10;

    private static readonly Lazy<bool> RealTimeAllowedOnce = new(() =>
        VmTools.RunAsync(["chrt", "-r", RealTime.ToString(CultureInfo.InvariantCulture), "true"]).GetAwaiter().GetResult().Exit == 0);

    /// <summary>Whether this machine lets us start real-time tasks (root with CAP_SYS_NICE and util-linux's chrt).</summary>
    public static bool RealTimeAllowed => RealTimeAllowedOnce.Value;

    /// <summary>
    /// The command prefix that starts a service node at the measured path's priority: <c>chrt -r 10</c>, or
    /// <c>nice -n -10</c> where real time is refused.
    /// </summary>
    public static IReadOnlyList<string> Prefix() => RealTimeAllowed
        ? ["chrt", "-r", RealTime.ToString(CultureInfo.InvariantCulture)]
        : ["nice", "-n", Boosted.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Makes every thread of <paramref name="pid"/> SCHED_RR <see cref="RealTime"/> (<c>chrt -a</c>); false when chrt refuses.</summary>
    public static async Task<bool> SetRealTimeAsync(int pid, CancellationToken cancellationToken = default)
    {
        var (exit, _, _) = await VmTools.RunAsync(["chrt", "-a", "-r", "-p", RealTime.ToString(CultureInfo.InvariantCulture),
            pid.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
        return exit == 0;
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
