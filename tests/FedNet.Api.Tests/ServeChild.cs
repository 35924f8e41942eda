using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FedNet.TestSupport;

namespace FedNet.Api.Tests;

/// <summary>
/// <c>fednet serve</c> in service mode (the built CLI) as a child process, on a free loopback port; ended by its own PID
/// with SIGKILL on dispose, whatever happened.
/// </summary>
internal sealed partial class ServeChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ServeChild(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where it listens, once it said so.</summary>
    public Uri Address { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_lines)
                return string.Join("\n", _lines);
        }
    }

    /// <summary>Starts serve on <paramref name="dataDirectory"/> and waits until it listens.</summary>
    public static async Task<ServeChild> StartAsync(string dataDirectory, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["exec", FednetCli.DllPath, "serve", "--data-dir", dataDirectory, "--listen", "http://127.0.0.1:0", .. args])
            psi.ArgumentList.Add(a);
        var child = new ServeChild(Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet"));
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                var match = Listening().Match(child.Output);
                if (match.Success)
                {
                    child.Address = new Uri(match.Groups[1].Value);
                    return child;
                }
                if (child._process.HasExited || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException("serve did not start listening:\n" + child.Output);
                await Task.Delay(50, cancellationToken);
            }
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL by PID, then waits until it is gone.</summary>
    public void KillDash9()
    {
        if (_process.HasExited)
            return;
        Shell.Try("kill", "-KILL", _process.Id.ToString(CultureInfo.InvariantCulture));
        _process.WaitForExit(10_000);
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            KillDash9();
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)/?")]
    private static partial Regex Listening();
}
