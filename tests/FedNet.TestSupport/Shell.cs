using System.Diagnostics;
using System.Text;

namespace FedNet.TestSupport;

/// <summary>The result of a finished command.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the command, its exit code and its error output unless it succeeded.</summary>
    public CommandResult EnsureSuccess() =>
        Succeeded ? this : throw new InvalidOperationException(
            $"`{Command}` exited {ExitCode}: {StandardError.Trim()} {StandardOutput.Trim()}".Trim());
}

/// <summary>Runs external programs (ip, ovs-vsctl, ovs-ofctl...) with arguments passed verbatim, never through a shell.</summary>
public static class Shell
{
    /// <summary>Default time a command may take before it is killed and reported.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="file"/> and throws unless it exits 0.</summary>
    public static string Run(string file, params string[] args) => Try(file, args).EnsureSuccess().StandardOutput;

    /// <summary>Runs <paramref name="file"/> with extra environment variables and throws unless it exits 0.</summary>
    public static string Run(IReadOnlyDictionary<string, string> environment, string file, params string[] args) =>
        Try(environment, file, args).EnsureSuccess().StandardOutput;

    /// <summary>Runs <paramref name="file"/> and returns whatever happened.</summary>
    public static CommandResult Try(string file, params string[] args) =>
        Try(new Dictionary<string, string>(), file, args);

    /// <summary>Runs <paramref name="file"/> with extra environment variables and returns whatever happened.</summary>
    public static CommandResult Try(IReadOnlyDictionary<string, string> environment, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
            psi.Environment[k] = v;
        var display = file + (args.Length > 0 ? " " + string.Join(' ', args) : "");
        using var p = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        try
        {
            p.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run `{file}`: {e.Message}. {Prerequisites.HintFor(file)}", e);
        }
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(DefaultTimeout))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"`{display}` did not finish within {DefaultTimeout.TotalSeconds:0} s");
        }
        p.WaitForExit();
        lock (stdout) lock (stderr)
            return new CommandResult(display, p.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
