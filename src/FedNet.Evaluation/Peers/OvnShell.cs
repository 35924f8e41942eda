using System.Diagnostics;
using System.Globalization;

namespace FedNet.Evaluation.Peers;

/// <summary>
/// Runs the OVN/OVS tools for <see cref="OvnCluster"/> with the private run/db/log directories they need (PID 1 is
/// not systemd here and the default /var/run/openvswitch belongs to nobody of ours), and ends daemons by PID.
/// </summary>
internal static class OvnShell
{
    /// <summary>Runs <paramref name="command"/> with every OVS_/OVN_ directory set to <paramref name="directory"/>; throws with its output when it fails.</summary>
    public static Task<string> RunAsync(string? directory, IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        VmTools.RunCheckedAsync(command, Environment(directory), cancellationToken);

    /// <summary>Like <see cref="RunAsync"/>, returning the exit code instead of throwing.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> TryAsync(string? directory, IReadOnlyList<string> command,
        CancellationToken cancellationToken = default) =>
        VmTools.RunAsync(command, Environment(directory), cancellationToken);

    private static Dictionary<string, string>? Environment(string? directory) => directory is null
        ? null
        : new[] { "OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVN_RUNDIR", "OVN_DBDIR", "OVN_LOGDIR" }.ToDictionary(n => n, _ => directory);

    /// <summary>The PID in <paramref name="pidFile"/>, or null when the file is missing or unreadable.</summary>
    public static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True while /proc has the process, it is not a zombie, and its command line names <paramref name="marker"/>.</summary>
    public static bool IsAlive(int pid, string marker)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            if (stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is "Z" or "X")
                return false;
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Ends the process of <paramref name="pid"/> if its command line still names <paramref name="marker"/> (so a reused
    /// PID is left alone): SIGTERM, then SIGKILL after 3 s.
    /// </summary>
    public static async Task TerminateAsync(int pid, string marker)
    {
        if (!IsAlive(pid, marker))
            return;
        var text = pid.ToString(CultureInfo.InvariantCulture);
        await TryAsync(null, ["kill", "-TERM", text]).ConfigureAwait(false);
        for (var i = 0; i < 150 && IsAlive(pid, marker); i++)
            await Task.Delay(20).ConfigureAwait(false);
        if (IsAlive(pid, marker))
            await TryAsync(null, ["kill", "-KILL", text]).ConfigureAwait(false);
        for (var i = 0; i < 100 && IsAlive(pid, marker); i++)
            await Task.Delay(20).ConfigureAwait(false);
    }
}
