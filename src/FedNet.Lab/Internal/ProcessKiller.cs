using System.Diagnostics;
using System.Globalization;

namespace FedNet.Lab.Internal;

/// <summary>Ends processes the lab started, by PID only: SIGTERM, then SIGKILL after a grace period.</summary>
internal static class ProcessKiller
{
    public static async Task TerminateAsync(int pid, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!IsAlive(pid))
            return;
        await Cmd.TryAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (IsAlive(pid) && clock.Elapsed < grace)
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        if (IsAlive(pid))
            await Cmd.TryAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        for (var i = 0; i < 100 && IsAlive(pid); i++)
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True while /proc has the process and it is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The process's command line with NULs as spaces, or empty when it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
