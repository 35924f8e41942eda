using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FedNet.Evaluation.ControllerThroughput.Internal;

/// <summary>
/// A peer controller (osken-manager, ovs-testcontroller) run as a child on a free loopback port, with its own temporary
/// folder for logs and run files, stopped by its PID.
/// </summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly string _log;
    private readonly StreamWriter _output;

    private ControllerProcess(Process process, string directory, string log, StreamWriter output, int port)
    {
        _process = process;
        _output = output;
        _directory = directory;
        _log = log;
        Port = port;
        Pid = process.Id;
    }

    public int Port { get; }

    public int Pid { get; }

    public string Target => $"tcp:127.0.0.1:{Port}";

    /// <summary>
    /// Starts <paramref name="command"/> (with <c>{port}</c> and <c>{dir}</c> replaced) and waits until it listens on the
    /// port; a process that exits or does not listen within 30 s is an error quoting its log.
    /// </summary>
    public static async Task<ControllerProcess> StartAsync(string name, IReadOnlyList<string> command, string package,
        bool setOvsDirs, CancellationToken cancellationToken)
    {
        if (!File.Exists(command[0]) && command[0].StartsWith('/'))
            throw new InvalidOperationException($"{name}: {command[0]} is missing (apt-get install -y {package})");
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("fednet-cbench-").FullName;
        var log = Path.Combine(dir, "controller.log");
        var psi = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        foreach (var a in command.Skip(1))
            psi.ArgumentList.Add(a.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{dir}", dir, StringComparison.Ordinal));
        if (setOvsDirs)
        {
            // ovs-testcontroller exits at once unless its control socket can go to a writable run dir (peers.md §3).
            psi.Environment["OVS_RUNDIR"] = dir;
            psi.Environment["OVS_LOGDIR"] = dir;
            psi.Environment["OVS_DBDIR"] = dir;
        }
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {command[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Directory.Delete(dir, recursive: true);
            throw new InvalidOperationException($"{name}: cannot start {command[0]} (apt-get install -y {package}): {e.Message}", e);
        }
        var output = File.CreateText(log);
        output.AutoFlush = true;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var controller = new ControllerProcess(process, dir, log, output, port);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!IsListening(port))
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"{name} exited ({process.ExitCode}) before listening on port {port}: {controller.LogTail()}");
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    throw new InvalidOperationException($"{name} did not listen on port {port} within 30 s: {controller.LogTail()}");
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await controller.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return controller;
    }

    private static void Append(StreamWriter output, string? line)
    {
        if (line is null)
            return;
        lock (output)
        {
            try
            {
                output.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The last lines of the controller's output, for error messages.</summary>
    public string LogTail()
    {
        try
        {
            using var stream = new FileStream(_log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(" | ", lines.TakeLast(5));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>Whether something listens on 127.0.0.1:<paramref name="port"/> (read from /proc, so the controller sees no probe connection).</summary>
    private static bool IsListening(int port)
    {
        var local = $"0100007F:{port:X4}";
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
                continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // sl local_address rem_address st ...: state 0A is LISTEN.
                if (f.Length > 3 && f[3] == "0A" && (f[1] == local || f[1].EndsWith($":{port:X4}", StringComparison.Ordinal)))
                    return true;
            }
        }
        return false;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Kills the controller by its PID, waits for it to exit and removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        lock (_output)
            _output.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
