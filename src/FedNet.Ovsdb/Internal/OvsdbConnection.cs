using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json;

namespace FedNet.Ovsdb.Internal;

/// <summary>
/// One socket to an OVSDB peer: a single <see cref="PipeReader"/> loop that cuts the stream at JSON value boundaries,
/// and writes serialized through one lock.
/// </summary>
internal sealed class OvsdbConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly JsonFrameScanner _scanner;
    private readonly JsonDocumentOptions _documentOptions;
    private readonly CancellationTokenSource _closed = new();
    private int _disposed;

    private OvsdbConnection(Socket socket, OvsdbClientOptions options)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        _scanner = new JsonFrameScanner(options.MaxMessageBytes, options.MaxDepth);
        _documentOptions = new JsonDocumentOptions { MaxDepth = options.MaxDepth };
    }

    /// <summary>Cancelled when the connection closes.</summary>
    public CancellationToken Closed => _closed.Token;

    public bool IsClosed => _closed.IsCancellationRequested;

    public static async Task<OvsdbConnection> ConnectAsync(OvsdbTarget target, OvsdbClientOptions options, CancellationToken cancellationToken)
    {
        var socket = target.EndPoint is System.Net.Sockets.UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target.EndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new OvsdbConnection(socket, options);
    }

    /// <summary>Reads messages until the peer closes or breaks the protocol; each is handed to <paramref name="dispatch"/>.</summary>
    public async Task ReadLoopAsync(Action<JsonDocument> dispatch)
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (_scanner.TryFindFrame(buffer, out var length))
                {
                    var frame = buffer.Slice(0, length);
                    var doc = JsonDocument.Parse(frame, _documentOptions);
                    buffer = buffer.Slice(length);
                    dispatch(doc);
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!IsAllWhitespace(buffer))
                        throw new JsonException($"connection closed inside a message ({buffer.Length} bytes pending)");
                    return;
                }
            }
        }
        finally
        {
            Close();
        }
    }

    private static bool IsAllWhitespace(in ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
            foreach (var b in segment.Span)
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                    return false;
        return true;
    }

    /// <summary>Writes one whole message.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Close();
            throw new OvsdbException(OvsdbException.ConnectionLost, e.Message, innerException: e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the socket; the read loop ends.</summary>
    public void Close()
    {
        if (_closed.IsCancellationRequested)
            return;
        try { _closed.Cancel(); } catch (ObjectDisposedException) { }
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        Close();
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
