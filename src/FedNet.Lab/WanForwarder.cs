using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using FedNet.Lab.Internal;

namespace FedNet.Lab;

/// <summary>
/// The lab's userspace WAN emulator (this kernel has no netem): two TAP devices, a thread reading each, and a
/// scheduler per direction that releases each frame at its departure time. A frame's departure is its arrival, plus
/// the time the link spends serializing the frames queued before it at the configured rate, plus the one-way delay
/// and a uniform jitter; departures never go backwards within one path, so jitter never reorders frames.
/// </summary>
public sealed partial class WanForwarder : IDisposable
{
    /// <summary>A path drops frames that would wait longer than this for the link (tail drop, like a router buffer).</summary>
    public static readonly TimeSpan MaxBacklog = TimeSpan.FromMilliseconds(200);

    private readonly WanLinkConfig _config;
    private readonly Tap _a;
    private readonly Tap _b;

    private WanForwarder(WanLinkConfig config, Tap a, Tap b)
    {
        _config = config;
        _a = a;
        _b = b;
    }

    /// <summary>Reads the JSON config the lab wrote, creates the TAPs, writes the PID file and forwards until cancelled.</summary>
    public static async Task RunAsync(string configPath, CancellationToken cancellationToken = default)
    {
        WanLinkConfig config;
        try
        {
            config = JsonSerializer.Deserialize(await File.ReadAllTextAsync(configPath, cancellationToken).ConfigureAwait(false),
                LabJsonContext.Default.WanLinkConfig) ?? throw new LabException($"{configPath}: empty WAN link config");
        }
        catch (JsonException e)
        {
            throw new LabException($"{configPath}: bad WAN link config at line {e.LineNumber + 1}: {e.Message}", e);
        }
        using var forwarder = Start(config);
        // Written then renamed: the lab polls for this file and must never read it half-written.
        var tmp = config.PidFile + ".tmp";
        await File.WriteAllTextAsync(tmp, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken).ConfigureAwait(false);
        File.Move(tmp, config.PidFile, overwrite: true);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Creates both TAPs and starts the forwarding threads (background threads: they end with the process).</summary>
    public static WanForwarder Start(WanLinkConfig config)
    {
        var a = Tap.Create(config.TapA);
        Tap b;
        try
        {
            b = Tap.Create(config.TapB);
        }
        catch
        {
            a.Dispose();
            throw;
        }
        var forwarder = new WanForwarder(config, a, b);
        forwarder.StartDirection(a, b, config.AToB, $"{config.TapA}>{config.TapB}");
        forwarder.StartDirection(b, a, config.BToA, $"{config.TapB}>{config.TapA}");
        return forwarder;
    }

    private void StartDirection(Tap from, Tap to, WanDirection direction, string name)
    {
        var scheduler = new Scheduler(to);
        var paths = new Dictionary<uint, PathState>();
        foreach (var (ip, wan) in direction.ByDestination ?? new Dictionary<string, LabWan>())
        {
            if (!IPAddress.TryParse(ip, out var address))
                throw new LabException($"WAN link {name}: '{ip}' is not an IPv4 address");
            paths[BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes())] = new PathState(wan);
        }
        var fallback = new PathState(direction.Default);
        new Thread(() => scheduler.Run()) { IsBackground = true, Name = "wan-out " + name }.Start();
        new Thread(() =>
        {
            var buffer = new byte[65536];
            while (true)
            {
                var n = from.Read(buffer);
                if (n <= 0)
                    return;
                var frame = buffer.AsSpan(0, n);
                var path = paths.Count > 0 && TryDestination(frame, out var dst) && paths.TryGetValue(dst, out var p) ? p : fallback;
                scheduler.Enqueue(frame, path);
            }
        }) { IsBackground = true, Name = "wan-in " + name }.Start();
    }

    /// <summary>The IPv4 destination of an Ethernet frame (untagged or with one 802.1Q tag).</summary>
    internal static bool TryDestination(ReadOnlySpan<byte> frame, out uint destination)
    {
        destination = 0;
        var offset = 12;
        if (frame.Length < offset + 2)
            return false;
        var type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        if (type == 0x8100)
        {
            offset += 4;
            if (frame.Length < offset + 2)
                return false;
            type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        }
        // IPv4 header: destination address at offset 16 (RFC 791).
        if (type != 0x0800 || frame.Length < offset + 2 + 20)
            return false;
        destination = BinaryPrimitives.ReadUInt32BigEndian(frame[(offset + 2 + 16)..]);
        return true;
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    public override string ToString() => $"wan {_config.TapA}<->{_config.TapB}";

    /// <summary>The state of one path: when its link is next free and its last departure (to keep order).</summary>
    internal sealed class PathState(LabWan wan)
    {
        private static readonly double TicksPerSecond = Stopwatch.Frequency;
        private long _linkFreeAt;
        private long _lastDeparture;

        public LabWan Wan { get; } = wan;

        /// <summary>The departure timestamp for a frame of <paramref name="length"/> bytes arriving now, or null to drop it.</summary>
        public long? Departure(long now, int length)
        {
            var wan = Wan;
            if (wan.LossPercent > 0 && Random.Shared.NextDouble() * 100 < wan.LossPercent)
                return null;
            var txStart = Math.Max(now, _linkFreeAt);
            if (txStart - now > MaxBacklog.TotalSeconds * TicksPerSecond)
                return null;
            // Ethernet on the wire: preamble + SFD + FCS + inter-frame gap add 24 bytes per frame.
            var txEnd = wan.RateBitsPerSecond > 0 ? txStart + (long)((length + 24) * 8 * TicksPerSecond / wan.RateBitsPerSecond) : txStart;
            _linkFreeAt = txEnd;
            var delay = wan.Delay.TotalSeconds;
            if (wan.Jitter > TimeSpan.Zero)
                delay += (Random.Shared.NextDouble() * 2 - 1) * wan.Jitter.TotalSeconds;
            var departure = Math.Max(txEnd + (long)(delay * TicksPerSecond), _lastDeparture);
            _lastDeparture = departure;
            return departure;
        }
    }

    /// <summary>Frames waiting for their departure time, released in order by one thread.</summary>
    private sealed class Scheduler(Tap output)
    {
        private static readonly long Spin = Stopwatch.Frequency / 5000; // 200 µs
        private readonly object _lock = new();
        private readonly PriorityQueue<(byte[] Buffer, int Length), (long Due, long Seq)> _queue = new();
        private long _seq;

        public void Enqueue(ReadOnlySpan<byte> frame, PathState path)
        {
            var now = Stopwatch.GetTimestamp();
            long? due;
            lock (_lock)
                due = path.Departure(now, frame.Length);
            if (due is null)
                return;
            var copy = ArrayPool<byte>.Shared.Rent(frame.Length);
            frame.CopyTo(copy);
            lock (_lock)
            {
                _queue.Enqueue((copy, frame.Length), (due.Value, _seq++));
                if (_queue.TryPeek(out _, out var head) && head.Seq == _seq - 1)
                    Monitor.PulseAll(_lock);
            }
        }

        public void Run()
        {
            while (true)
            {
                (byte[] Buffer, int Length) item;
                lock (_lock)
                {
                    if (!_queue.TryPeek(out item, out var key))
                    {
                        Monitor.Wait(_lock);
                        continue;
                    }
                    var wait = key.Due - Stopwatch.GetTimestamp();
                    if (wait > 0)
                    {
                        // Monitor.Wait has millisecond granularity: wait coarsely, then finish with short sleeps.
                        var coarseMs = (wait - Spin) * 1000 / Stopwatch.Frequency;
                        if (coarseMs >= 1)
                            Monitor.Wait(_lock, (int)coarseMs);
                        else
                        {
                            Monitor.Exit(_lock);
                            try { NanoSleep(Math.Min(wait * 1_000_000_000 / Stopwatch.Frequency, 200_000)); }
                            finally { Monitor.Enter(_lock); }
                        }
                        continue;
                    }
                    _queue.Dequeue();
                }
                output.Write(item.Buffer.AsSpan(0, item.Length));
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }

        private static void NanoSleep(long nanoseconds)
        {
            var ts = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
            _ = NativeNanoSleep(ref ts, IntPtr.Zero);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NativeNanoSleep(ref Timespec request, IntPtr remaining);
}
