using System.Diagnostics;
using System.Globalization;
using FedNet.Lab;
using FedNet.TestSupport;

namespace FedNet.Control.Tests;

/// <summary>A process a test started and ends by its own PID (SIGKILL) on dispose, whatever happened.</summary>
internal sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly List<string> _output = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BackgroundProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Every line of stdout and stderr so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_output)
                return [.. _output];
        }
    }

    public static BackgroundProcess Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return new BackgroundProcess(Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}"));
    }

    /// <summary>Waits for a line (already printed or to come) matching <paramref name="predicate"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_output)
            {
                if (_output.FirstOrDefault(predicate) is { } line)
                    return line;
                changed = _changed.Task;
            }
            if (Process.HasExited)
            {
                // Let the last lines drain before giving up.
                await Task.Delay(200, cancellationToken);
                lock (_output)
                {
                    if (_output.FirstOrDefault(predicate) is { } last)
                        return last;
                }
                throw new InvalidOperationException($"{Process.StartInfo.FileName} exited ({Process.ExitCode}) first; output:\n" + string.Join("\n", Lines));
            }
            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(500), limit.Token);
            }
            catch (TimeoutException)
            {
                // Poll for exit.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no matching line within {timeout.TotalSeconds:0} s; output:\n" + string.Join("\n", Lines));
            }
        }
    }

    /// <summary>SIGKILL by PID, then waits until it is gone.</summary>
    public void KillDash9()
    {
        if (Process.HasExited)
            return;
        Shell.Run("kill", "-KILL", Process.Id.ToString(CultureInfo.InvariantCulture));
        Process.WaitForExit(10_000);
    }

    /// <summary>SIGINT (a capture flushes), then SIGKILL if it lingers.</summary>
    public async Task InterruptAsync()
    {
        if (!Process.HasExited)
            Shell.Try("kill", "-INT", Process.Id.ToString(CultureInfo.InvariantCulture));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            KillDash9();
        }
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        TaskCompletionSource changed;
        lock (_output)
        {
            _output.Add(line);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            KillDash9();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        Process.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary><c>fednet serve</c> (the built CLI) on a lab, verbose so each switch's reconcile is logged.</summary>
internal static class ServeProcess
{
    public static Task<BackgroundProcess> StartAsync(LabOptions lab, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string[] args = ["exec", FednetCli.DllPath, "serve", "--federation", Examples.Paper,
            .. services.SelectMany(s => new[] { "-f", s }), "--lab", lab.Id, "--root", lab.Root, "--audit-interval", "600", "-v"];
        return Task.FromResult(BackgroundProcess.Start("dotnet", args));
    }
}

/// <summary>tcpdump on a VM's eth0 (inside its namespace), printing link-level headers line by line.</summary>
internal sealed class Capture : IAsyncDisposable
{
    private readonly BackgroundProcess _tcpdump;

    private Capture(BackgroundProcess tcpdump) => _tcpdump = tcpdump;

    public static async Task<Capture> StartAsync(string ns, CancellationToken cancellationToken)
    {
        var p = BackgroundProcess.Start("ip", "netns", "exec", ns, "tcpdump", "-i", "eth0", "-n", "-e", "-l", "-U");
        await p.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken);
        return new Capture(p);
    }

    /// <summary>Stops the capture and returns every frame line it printed.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await Task.Delay(500);
        await _tcpdump.InterruptAsync();
        return [.. _tcpdump.Lines.Where(l => l.Contains(" > ", StringComparison.Ordinal) && !l.Contains("listening on", StringComparison.Ordinal))];
    }

    public ValueTask DisposeAsync() => _tcpdump.DisposeAsync();
}
