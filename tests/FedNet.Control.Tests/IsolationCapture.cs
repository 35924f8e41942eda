using System.Buffers.Binary;
using System.Diagnostics;
using FedNet.TestSupport;

namespace FedNet.Control.Tests;

/// <summary>A tcpdump (started by the test, ended by its PID) writing one interface of one namespace to a pcap file.</summary>
internal sealed class IsolationCapture : IDisposable
{
    private readonly Process _process;
    private readonly string _path;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    private IsolationCapture(Process process, string path)
    {
        _process = process;
        _path = path;
    }

    public static async Task<IsolationCapture> StartAsync(string ns, string device, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fednet-isolation-{Guid.NewGuid():N}.pcap");
        var psi = new ProcessStartInfo("ip", ["netns", "exec", ns, "tcpdump", "-i", device, "--immediate-mode", "-U", "-n", "-Z", "root", "-s", "256", "-w", path])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start tcpdump");
        var capture = new IsolationCapture(process, path);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
                capture._listening.TrySetResult();
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await capture._listening.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            capture.Dispose();
            throw new InvalidOperationException($"tcpdump on {device} in {ns} did not start listening");
        }
        return capture;
    }

    /// <summary>Ends tcpdump (SIGTERM: it flushes the file) and returns every captured frame.</summary>
    public IReadOnlyList<byte[]> Stop()
    {
        if (!_stopped)
        {
            _stopped = true;
            if (!_process.HasExited)
                ProcessKiller.Terminate(_process.Id);
            _process.WaitForExit(5000);
        }
        return File.Exists(_path) ? ReadPcap(File.ReadAllBytes(_path)) : [];
    }

    /// <summary>Frames of a classic pcap file (either byte order, micro- or nanosecond stamps).</summary>
    internal static IReadOnlyList<byte[]> ReadPcap(byte[] data)
    {
        var frames = new List<byte[]>();
        if (data.Length < 24)
            return frames;
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var little = magic is 0xa1b2c3d4 or 0xa1b23c4d;
        var offset = 24;
        while (offset + 16 <= data.Length)
        {
            var span = data.AsSpan(offset + 8, 4);
            var length = (int)(little ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span));
            offset += 16;
            if (length < 0 || offset + length > data.Length)
                break;
            frames.Add(data.AsSpan(offset, length).ToArray());
            offset += length;
        }
        return frames;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        File.Delete(_path);
    }
}
