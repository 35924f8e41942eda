using System.Diagnostics;
using System.Globalization;
using FedNet.Lab;

namespace FedNet.Evaluation.Arp;

/// <summary>
/// tcpdump on every transit of a lab while a measurement runs, so the experiments can show that no tenant ARP broadcast
/// ever crosses a transit: on a VPLS, port <c>g0</c> of the lab's VPLS bridge (every frame between the two gateways
/// passes it, in one direction or the other); on a tunnel transit, site A's gateway's underlay port <c>wan0</c>,
/// keeping only GRE and VXLAN (UDP 4789) packets to or from site B's gateway (docs/lab.md). Started and stopped by PID;
/// <see cref="DisposeAsync"/> ends what is still running and deletes the capture files.
/// </summary>
public sealed class TransitCapture : IAsyncDisposable
{
    private readonly List<Capture> _captures;
    private readonly string _directory;

    private TransitCapture(string directory, List<Capture> captures)
    {
        _directory = directory;
        _captures = captures;
    }

    /// <summary>The transits being captured, in the lab's order.</summary>
    public IReadOnlyList<string> Transits => [.. _captures.Select(c => c.Transit)];

    /// <summary>Starts one tcpdump per transit of <paramref name="state"/> and returns once every one is listening.</summary>
    public static async Task<TransitCapture> StartAsync(LabState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var directory = Directory.CreateTempSubdirectory("fednet-transit-").FullName;
        var captures = new List<Capture>();
        var result = new TransitCapture(directory, captures);
        try
        {
            foreach (var t in state.Transits)
            {
                var file = Path.Combine(directory, $"transit{t.Index.ToString(CultureInfo.InvariantCulture)}.pcap");
                if (t.Kind == LabTransitKind.Vpls)
                {
                    captures.Add(await Capture.StartAsync(t.Name, t.Namespace, "g0", file, tunnel: false, t.PublicVlans, [], cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    var a = Gateway(state, t.SiteA);
                    var b = Gateway(state, t.SiteB);
                    var far = Address(b.Underlay ?? throw new InvalidOperationException($"gateway {b.Name} has no underlay address"));
                    captures.Add(await Capture.StartAsync(t.Name, a.Namespace, "wan0", file, tunnel: true, [],
                        ["host", far, "and", "(", "ip", "proto", "47", "or", "udp", "port", "4789", ")"], cancellationToken).ConfigureAwait(false));
                }
            }
            return result;
        }
        catch
        {
            await result.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops every capture (SIGINT, so tcpdump flushes its file) and counts what crossed each transit.</summary>
    public async Task<IReadOnlyList<TransitObservation>> StopAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<TransitObservation>();
        foreach (var c in _captures)
        {
            await c.StopAsync(cancellationToken).ConfigureAwait(false);
            var bytes = File.Exists(c.File) ? await File.ReadAllBytesAsync(c.File, cancellationToken).ConfigureAwait(false) : [];
            if (bytes.Length == 0)
                throw new InvalidOperationException($"tcpdump on transit {c.Transit} wrote no capture: {c.Stderr.Trim()}");
            result.Add(new TransitObservation(c.Transit, c.Where, TransitFrameCount.FromPcap(bytes, c.Tunnel, c.PublicVlans)));
        }
        return result;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var c in _captures)
            await c.StopAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A capture file still open: the temp folder is left to the OS.
        }
    }

    private static LabNodeState Gateway(LabState state, string site) =>
        state.Nodes.FirstOrDefault(n => n.Kind == LabNodeKind.Gateway && n.Site == site)
        ?? throw new InvalidOperationException($"lab '{state.Id}' has no gateway in site {site}");

    private static string Address(string underlay) => underlay.Split('/')[0];

    private sealed class Capture
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _stderr = new();
        private bool _stopped;

        private Capture(string transit, string where, string file, bool tunnel, IReadOnlyList<int> publicVlans, Process process)
        {
            PublicVlans = publicVlans;
            Transit = transit;
            Where = where;
            File = file;
            Tunnel = tunnel;
            _process = process;
        }

        public string Transit { get; }
        public string Where { get; }
        public string File { get; }
        public bool Tunnel { get; }
        public IReadOnlyList<int> PublicVlans { get; }

        public string Stderr
        {
            get
            {
                lock (_stderr)
                    return _stderr.ToString();
            }
        }

        public static async Task<Capture> StartAsync(string transit, string ns, string iface, string file, bool tunnel, IReadOnlyList<int> publicVlans,
            string[] filter, CancellationToken cancellationToken)
        {
            // --immediate-mode: without it TPACKET_V3 holds frames up to a second, and those still held when SIGINT comes are
            // never written; -U: write each packet as it comes; -Z root: keep privileges (the file is in a root-only folder).
            var psi = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "netns", "exec", ns, "tcpdump", "-i", iface, "-nn", "--immediate-mode", "-U", "-Z", "root", "-s", "256", "-w", file }.Concat(filter))
                psi.ArgumentList.Add(a);
            var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start tcpdump (apt-get install tcpdump)");
            var capture = new Capture(transit, $"{iface} in {ns}", file, tunnel, publicVlans, process);
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    return;
                lock (capture._stderr)
                    capture._stderr.AppendLine(e.Data);
                if (e.Data.Contains("listening on", StringComparison.Ordinal))
                    listening.TrySetResult();
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)).ConfigureAwait(false);
            if (first != listening.Task)
            {
                await capture.StopAsync(CancellationToken.None).ConfigureAwait(false);
                throw new InvalidOperationException($"tcpdump on {capture.Where} (transit {transit}) did not start: {capture.Stderr.Trim()}");
            }
            return capture;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_stopped)
                return;
            _stopped = true;
            if (!_process.HasExited)
            {
                // `ip netns exec` execs tcpdump in place, so this PID is tcpdump's own.
                await VmTools.RunAsync(["kill", "-INT", _process.Id.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}

/// <summary>What was counted on one transit, and where the capture ran.</summary>
public sealed record TransitObservation(string Transit, string Where, TransitFrameCount Count);
