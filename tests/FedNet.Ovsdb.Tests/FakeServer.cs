using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FedNet.Ovsdb.Internal;

namespace FedNet.Ovsdb.Tests;

/// <summary>A scripted OVSDB peer on a unix socket in a temporary directory, for protocol edge cases.</summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _directory;
    private readonly Task _accepting;
    private readonly CancellationTokenSource _stop = new();

    public FakeServer(Func<FakePeer, Task> script)
    {
        _directory = Directory.CreateTempSubdirectory("fednet-fake-").FullName;
        var path = Path.Combine(_directory, "db.sock");
        Target = "unix:" + path;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(8);
        _accepting = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket s;
                try { s = await _listener.AcceptAsync(_stop.Token); }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
                Connections++;
                _ = Task.Run(async () =>
                {
                    using var peer = new FakePeer(s);
                    try { await script(peer); }
                    catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { peer.WriteFailed = true; }
                    finally { Peers.Add(peer); }
                });
            }
        });
    }

    public string Target { get; }
    public int Connections { get; private set; }
    public System.Collections.Concurrent.ConcurrentBag<FakePeer> Peers { get; } = [];

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        try { await _accepting; } catch (OperationCanceledException) { }
        try { Directory.Delete(_directory, true); } catch (IOException) { }
    }
}

internal sealed class FakePeer(Socket socket) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly JsonFrameScanner _scanner = new(1 << 24, 64);
    private byte[] _buffer = [];

    public bool WriteFailed { get; set; }

    /// <summary>Reads one whole JSON message from the client.</summary>
    public async Task<JsonElement> ReadAsync()
    {
        while (true)
        {
            var seq = new ReadOnlySequence<byte>(_buffer);
            if (_scanner.TryFindFrame(seq, out var length))
            {
                var doc = JsonDocument.Parse(_buffer.AsMemory(0, (int)length));
                _buffer = _buffer[(int)length..];
                return doc.RootElement.Clone();
            }
            var chunk = new byte[65536];
            var n = await _stream.ReadAsync(chunk);
            if (n == 0)
                throw new IOException("client closed");
            _buffer = [.. _buffer, .. chunk.AsSpan(0, n)];
        }
    }

    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Waits until the client closes its end.</summary>
    public async Task<bool> ClientClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var chunk = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(chunk, cts.Token) > 0) { }
            return true;
        }
        catch (OperationCanceledException) { return false; }
        catch (IOException) { return true; }
    }

    public void Close() => socket.Close();

    public void Dispose() => _stream.Dispose();
}
