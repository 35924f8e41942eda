using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace FedNet.Evaluation;

/// <summary>The machine and the versions a result was measured with, written at the top of every result file.</summary>
public sealed record EnvironmentInfo(
    DateTimeOffset Date,
    string Cpu,
    int Cores,
    string Memory,
    string Kernel,
    string Os,
    string DotNet,
    string Commit,
    IReadOnlyDictionary<string, string> Tools,
    string LoadAverage = "unknown")
{
    /// <summary>This environment with the load average now (1, 5, 15 min from /proc/loadavg): taken as each experiment starts.</summary>
    public EnvironmentInfo WithCurrentLoad() => this with { Date = DateTimeOffset.UtcNow, LoadAverage = ReadLoadAverage() };

    private static string ReadLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Reads this machine (/proc, tools' --version) and the checkout's commit.</summary>
    public static EnvironmentInfo Capture(string repositoryRoot)
    {
        var tools = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Open vSwitch"] = FirstLine("ovs-vswitchd", "--version"),
            ["OVN"] = FirstLine("ovn-nbctl", "--version"),
            ["iperf3"] = FirstLine("iperf3", "--version"),
            ["os-ken"] = FirstLine("/usr/bin/python3", "-c", "import os_ken; print('os-ken ' + os_ken.__version__)"),
        };
        return new EnvironmentInfo(
            DateTimeOffset.UtcNow,
            ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            ProcField("/proc/meminfo", "MemTotal") ?? "unknown",
            File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription,
            OsName(),
            RuntimeInformation.FrameworkDescription,
            FirstLine("git", "-C", repositoryRoot, "rev-parse", "--short", "HEAD"),
            tools,
            ReadLoadAverage());
    }

    /// <summary>Markdown lines (a bullet list).</summary>
    public IEnumerable<string> ToMarkdown()
    {
        yield return $"- Date: {Date:yyyy-MM-dd HH:mm} UTC";
        yield return $"- Machine: {Cpu}, {Cores} cores, {Memory} memory; Linux {Kernel}; {Os}";
        yield return $"- Load average (1 / 5 / 15 min) when the experiment started: {LoadAverage}";
        yield return $"- Software: FedNet {Commit}, {DotNet}, " + string.Join(", ", Tools.Select(t => $"{t.Key}: {t.Value}"));
    }

    /// <summary>The same as JSON.</summary>
    public JsonObject ToJson()
    {
        var tools = new JsonObject();
        foreach (var (k, v) in Tools)
            tools[k] = v;
        return new JsonObject
        {
            ["date"] = Date.ToString("O"),
            ["cpu"] = Cpu,
            ["cores"] = Cores,
            ["memory"] = Memory,
            ["kernel"] = Kernel,
            ["os"] = Os,
            ["dotnet"] = DotNet,
            ["commit"] = Commit,
            ["loadAverage"] = LoadAverage,
            ["tools"] = tools,
        };
    }

    private static string? ProcField(string file, string key)
    {
        if (!File.Exists(file))
            return null;
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith(key, StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var i and > 0)
                return line[(i + 1)..].Trim();
        }
        return null;
    }

    private static string OsName()
    {
        const string file = "/etc/os-release";
        if (!File.Exists(file))
            return RuntimeInformation.OSDescription;
        var pretty = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return pretty is null ? RuntimeInformation.OSDescription : pretty["PRETTY_NAME=".Length..].Trim('"');
    }

    /// <summary>First output line of a tool, or "not installed".</summary>
    private static string FirstLine(string program, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            if (p is null)
                return "not installed";
            var stdout = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return p.ExitCode == 0 && line is not null ? line : "not installed";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
