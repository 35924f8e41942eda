using System.Diagnostics;

namespace FedNet.TestSupport;

/// <summary>Ends one process by PID: SIGTERM, then SIGKILL if it is still there after a grace period.</summary>
public static class ProcessKiller
{
    public static void Terminate(int pid, TimeSpan? grace = null)
    {
        if (!IsAlive(pid))
            return;
        Shell.Try("kill", "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = Stopwatch.StartNew();
        while (IsAlive(pid) && deadline.Elapsed < (grace ?? TimeSpan.FromSeconds(5)))
            Thread.Sleep(20);
        if (IsAlive(pid))
            Shell.Try("kill", "-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 0; i < 100 && IsAlive(pid); i++)
            Thread.Sleep(20);
    }

    /// <summary>True while /proc has the process and it is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
