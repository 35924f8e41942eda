using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FedNet.Evaluation;

/// <summary>
/// The measuring tools run inside VM namespaces (<c>ip netns exec</c>): ping and iperf3, with their output parsed.
/// Each throws <see cref="InvalidOperationException"/> with the tool's own output when it fails.
/// </summary>
public static class VmTools
{
    /// <summary>
    /// Pings <paramref name="ip"/> from namespace <paramref name="ns"/> <paramref name="count"/> times,
    /// <paramref name="interval"/> apart (ping accepts 0.002 s and up as root), and returns the RTT of every reply in ms
    /// (lost probes are missing; compare the count with <paramref name="count"/> for loss).
    /// </summary>
    public static async Task<IReadOnlyList<double>> PingAsync(string ns, string ip, int count, TimeSpan interval,
        CancellationToken cancellationToken = default)
    {
        var (exit, stdout, stderr) = await RunAsync(["ip", "netns", "exec", ns, "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture),
            "-i", interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-W", "2", ip], cancellationToken).ConfigureAwait(false);
        var rtts = ParsePingRtts(stdout);
        if (exit != 0 && rtts.Count == 0)
            throw new InvalidOperationException($"ping {ip} from {ns} got no reply (exit {exit}): {stderr.Trim()} {stdout.Trim()}");
        return rtts;
    }

    /// <summary>The <c>time=</c> value (ms) of every reply line of ping's output.</summary>
    public static IReadOnlyList<double> ParsePingRtts(string output) =>
    [
        .. output.Split('\n')
            .Select(l => l.IndexOf("time=", StringComparison.Ordinal) is var i and >= 0 ? l[(i + 5)..].Split(' ')[0] : null)
            .Where(t => t is not null)
            .Select(t => double.Parse(t!, CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// iperf3 TCP from namespace <paramref name="fromNs"/> to a one-shot server in <paramref name="toNs"/> listening on
    /// <paramref name="ip"/>, for <paramref name="seconds"/>; returns the receiver's Mbit/s.
    /// </summary>
    public static async Task<double> IperfAsync(string fromNs, string toNs, string ip, int seconds, int port = 5201,
        CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", toNs, "iperf3", "-s", "-1", "-p", port.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var server = Process.Start(psi) ?? throw new InvalidOperationException("cannot start iperf3 (apt-get install iperf3)");
        try
        {
            // The server is ready once it listens; retry the client briefly instead of guessing a delay.
            for (var attempt = 0; ; attempt++)
            {
                var (exit, stdout, stderr) = await RunAsync(["ip", "netns", "exec", fromNs, "iperf3", "-c", ip, "-p", port.ToString(CultureInfo.InvariantCulture),
                    "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J"], cancellationToken).ConfigureAwait(false);
                // iperf3 3.12 with -J exits 0 even when it could not connect: its JSON then carries "error" and no results.
                if (exit == 0 && !stdout.Contains("\"error\"", StringComparison.Ordinal))
                    return ParseIperfReceivedMbps(stdout);
                if (attempt >= 20 || !stdout.Contains("Connection refused", StringComparison.Ordinal))
                    throw new InvalidOperationException($"iperf3 {fromNs} -> {ip} failed (exit {exit}): {stderr.Trim()} {Truncate(stdout)}");
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!server.WaitForExit(5000))
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Receiver-side Mbit/s from iperf3's <c>-J</c> output.</summary>
    public static double ParseIperfReceivedMbps(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e6;
    }

    /// <summary>
    /// Runs a program (with extra <paramref name="environment"/> variables, if any) and returns its standard output;
    /// a non-zero exit throws <see cref="InvalidOperationException"/> naming the command (long ones cut at 12 words)
    /// with the tool's own output.
    /// </summary>
    public static async Task<string> RunCheckedAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var (exit, stdout, stderr) = await RunAsync(command, environment, cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            var shown = string.Join(' ', command.Take(12)) + (command.Count > 12 ? $" … ({command.Count} arguments)" : "");
            throw new InvalidOperationException($"'{shown}' failed (exit {exit}): {stderr.Trim()} {stdout.Trim()}".Trim());
        }
        return stdout;
    }

    /// <summary>Runs a program to completion and returns its exit code and output.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        RunAsync(command, null, cancellationToken);

    /// <summary>Runs a program with extra <paramref name="environment"/> variables to completion; returns its exit code and output.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> command,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1))
            psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {command[0]}");
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }
        return (p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static string Truncate(string s) => s.Length > 400 ? s[..400] + "…" : s;
}
