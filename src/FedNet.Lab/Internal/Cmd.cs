using System.Diagnostics;
using System.Text;

namespace FedNet.Lab.Internal;

/// <summary>Runs external programs (ip, ovs-vsctl, ethtool...) with arguments passed verbatim, never through a shell.</summary>
internal static class Cmd
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<string> RunAsync(string file, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null,
        CancellationToken cancellationToken = default) =>
        (await TryAsync(file, args, environment, standardInput, cancellationToken).ConfigureAwait(false))
            .EnsureSuccess().StandardOutput;

    public static async Task<CommandResult> TryAsync(string file, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null,
        CancellationToken cancellationToken = default)
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
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
                psi.Environment[k] = v;
        }
        var display = file + (psi.ArgumentList.Count > 0 ? " " + string.Join(' ', psi.ArgumentList) : "");
        using var p = new Process { StartInfo = psi };
        try
        {
            p.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabException($"cannot run `{file}`: {e.Message}. {Prerequisites.HintFor(file)}", e);
        }
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
            await p.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
        p.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            cancellationToken.ThrowIfCancellationRequested();
            throw new LabException($"`{display}` did not finish within {Timeout.TotalSeconds:0} s");
        }
        return new CommandResult(display, p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs a program inside a namespace (<c>ip netns exec</c>).</summary>
    public static Task<string> InNamespaceAsync(string ns, string file, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default) =>
        RunAsync("ip", ["netns", "exec", ns, file, .. args], environment, null, cancellationToken);

    /// <summary>Runs many <c>ip</c> commands in one process (<c>ip -n NS -batch -</c>): one fork instead of dozens.</summary>
    public static Task<string> IpBatchAsync(string? ns, IEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        var script = new StringBuilder();
        foreach (var l in lines)
            script.Append(l).Append('\n');
        string[] args = ns is null ? ["-batch", "-"] : ["-n", ns, "-batch", "-"];
        return RunAsync("ip", args, null, script.ToString(), cancellationToken);
    }
}
