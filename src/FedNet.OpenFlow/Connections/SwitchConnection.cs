using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using FedNet.OpenFlow.Connections.Internal;
using Microsoft.Extensions.Logging;

namespace FedNet.OpenFlow.Connections;

/// <summary>
/// One OpenFlow 1.3 channel to a switch, in either direction (<see cref="ConnectAsync"/> out to a bridge's passive
/// socket, or accepted by <see cref="OpenFlowListener"/>). One read loop decodes whole frames from a
/// <see cref="PipeReader"/> and routes them: replies to the request with the same xid, echo requests answered,
/// everything else (packet-in, flow-removed, port-status, errors nobody waits for) to <see cref="Unsolicited"/>.
/// Writes go through one outbound pipe whose size is bounded by <see cref="SwitchConnectionOptions.MaxQueuedBytes"/>,
/// so a slow switch slows its senders down instead of growing memory. A malformed frame closes this connection only,
/// with a log line naming the reason and the byte offset.
/// </summary>
/// <remarks>Split by feature: .Handshake, .Echo, .Requests, .Multipart, .Barrier, .Bundle.</remarks>
public sealed partial class SwitchConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly Pipe _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<OfpMessage> _unsolicited;
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SwitchConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private Task _echoLoop = Task.CompletedTask;
    private long _streamOffset;
    private long _lastReceived;
    private long _droppedUnsolicited;
    private int _nextXid;
    private int _closed;
    private string? _closeReason;
    private ulong _datapathId;
    private bool _outputCompleted;

    private SwitchConnection(Socket socket, string remote, SwitchConnectionOptions options, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.MaxQueuedBytes,
            resumeWriterThreshold: options.MaxQueuedBytes / 2,
            minimumSegmentSize: 16 * 1024,
            useSynchronizationContext: false));
        _unsolicited = Channel.CreateBounded<OfpMessage>(new BoundedChannelOptions(options.UnsolicitedCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
        _lastReceived = _time.GetTimestamp();
        Remote = remote;
    }

    /// <summary>The peer: <c>unix:/path</c> or the TCP address and port.</summary>
    public string Remote { get; }

    /// <summary>The datapath id the switch announced in its features reply.</summary>
    public ulong DatapathId => _datapathId;

    /// <summary>The switch's features reply from the handshake (datapath id, tables, buffers, capabilities).</summary>
    public FeaturesReply Features { get; private set; } = null!;

    /// <summary>The negotiated OpenFlow version (always 4, OpenFlow 1.3).</summary>
    public byte Version { get; private set; }

    /// <summary>
    /// Messages the switch sent on its own: packet-in, flow-removed, port-status, and errors answering a message sent
    /// without waiting (e.g. a flow-mod) or whose request gave up. Completed when the connection closes. If nobody
    /// reads, the oldest are kept and later ones dropped (with a log line) so replies never stall. A reply that arrives
    /// after its request timed out or was cancelled is dropped (debug log), not delivered here.
    /// </summary>
    public ChannelReader<OfpMessage> Unsolicited => _unsolicited.Reader;

    /// <summary>True until the connection is closed (by either side, a malformed frame, or an echo timeout).</summary>
    public bool IsConnected => Volatile.Read(ref _closed) == 0;

    /// <summary>Why the connection closed, or null while it is up.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Completes (never faults) once the connection is closed and its loops have ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Connects to a switch's passive OpenFlow socket, <c>unix:/var/run/openvswitch/br0.mgmt</c> or
    /// <c>tcp:host:port</c>, and completes hello and features before returning.
    /// </summary>
    /// <exception cref="OpenFlowConnectionException">The socket could not be opened or the handshake was refused.</exception>
    /// <exception cref="OpenFlowTimeoutException">The handshake took longer than <see cref="SwitchConnectionOptions.HandshakeTimeout"/>.</exception>
    public static async Task<SwitchConnection> ConnectAsync(
        string target, SwitchConnectionOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var endpoint = OpenFlowEndpoint.Parse(target);
        options = (options ?? SwitchConnectionOptions.Default).Validate();
        Socket? socket = null;
        try
        {
            if (endpoint.Transport == OpenFlowTransport.Unix)
            {
                socket = endpoint.CreateSocket();
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.HostOrPath), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                socket = endpoint.CreateSocket(AddressFamily.InterNetworkV6);
                socket.DualMode = true;
                await socket.ConnectAsync(endpoint.HostOrPath, endpoint.Port, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            socket?.Dispose();
            throw new OpenFlowConnectionException($"cannot connect to {target}: {e.Message}", e);
        }
        return await StartAsync(socket, endpoint.ToString(), options, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wraps a connected socket, runs the handshake and starts the loops; closes the socket on failure.</summary>
    internal static async Task<SwitchConnection> StartAsync(
        Socket socket, string remote, SwitchConnectionOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = new SwitchConnection(socket, remote, options, logger);
        try
        {
            await connection.HandshakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ConnectionLog.HandshakeFailed(logger, remote, e.Message);
            connection.Abort("handshake failed: " + e.Message);
            await connection.Completion.ConfigureAwait(false);
            throw;
        }
        ConnectionLog.Connected(logger, remote, connection.DatapathId, connection.Version, connection.Features.NTables);
        connection._echoLoop = connection.EchoLoopAsync();
        return connection;
    }

    /// <summary>Allocates a transaction id unique on this connection (wrapping after 2^32, never 0).</summary>
    public uint NextXid()
    {
        var xid = (uint)Interlocked.Increment(ref _nextXid);
        return xid == 0 ? (uint)Interlocked.Increment(ref _nextXid) : xid;
    }

    private void StartLoops()
    {
        _writeLoop = Task.Run(WriteLoopAsync);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Decodes whole frames and routes them until the peer closes, a frame is malformed, or we close.</summary>
    private async Task ReadLoopAsync()
    {
        var reason = "closed by peer";
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                try
                {
                    while (OpenFlowCodec.TryReadFrame(ref buffer, out var frame))
                    {
                        var message = OpenFlowCodec.Decode(frame);
                        _streamOffset += frame.Length;
                        Dispatch(message);
                    }
                }
                catch (OpenFlowProtocolException e)
                {
                    // The codec counts from the start of the frame; the log names the offset in the stream.
                    var offset = _streamOffset + e.Offset;
                    ConnectionLog.Malformed(_logger, Remote, offset, e.Reason);
                    reason = $"malformed message at offset {offset}: {e.Reason}";
                    break;
                }
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (buffer.Length > 0)
                        reason = $"closed by peer in the middle of a message ({buffer.Length} bytes at offset {_streamOffset})";
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = CloseReason ?? "closed";
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = CloseReason ?? "connection lost: " + e.Message;
        }
        catch (Exception e)
        {
            ConnectionLog.Faulted(_logger, Remote, e);
            reason = "internal error: " + e.Message;
        }
        Abort(reason);
    }

    /// <summary>Copies whatever senders have queued to the socket; one socket write per batch, not per message.</summary>
    private async Task WriteLoopAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                    await _stream.WriteAsync(segment, _closing.Token).ConfigureAwait(false);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                    break;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Abort(CloseReason ?? "write failed: " + e.Message);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends <paramref name="message"/> as it is (its own <see cref="OfpMessage.Xid"/>) without waiting for any reply:
    /// the way to push flow-mods. Returns once the bytes are queued; waits only when
    /// <see cref="SwitchConnectionOptions.MaxQueuedBytes"/> are already waiting for a slow switch. Errors the switch
    /// sends back arrive on <see cref="Unsolicited"/> and are reported by the next <see cref="BarrierAsync"/>.
    /// </summary>
    public async ValueTask SendAsync(OfpMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            OpenFlowCodec.Encode(message, _output.Writer);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Sends many messages in a row under one write lock, flushing to the socket in large batches: the fast way to
    /// install thousands of flows. Same semantics as <see cref="SendAsync"/> for each message.
    /// </summary>
    public async ValueTask SendAllAsync(IEnumerable<OfpMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            var writer = _output.Writer;
            foreach (var message in messages)
            {
                OpenFlowCodec.Encode(message, writer);
                // Hand a batch to the socket writer every 64 KiB; FlushAsync also applies backpressure.
                if (writer.UnflushedBytes >= 64 * 1024)
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        FlushResult result;
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token))
        {
            try
            {
                result = await _output.Writer.FlushAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw ClosedException();
            }
        }
        if (result.IsCompleted)
            throw ClosedException();
    }

    /// <summary>Queues bytes from the read loop without waiting (an echo reply must never block reading).</summary>
    private void SendFromReadLoop(OfpMessage message)
    {
        _ = SendQuietlyAsync(message);
    }

    private async Task SendQuietlyAsync(OfpMessage message)
    {
        try
        {
            await SendAsync(message).ConfigureAwait(false);
        }
        catch (OpenFlowConnectionException)
        {
        }
    }

    private void ThrowIfClosed()
    {
        if (!IsConnected || _outputCompleted)
            throw ClosedException();
    }

    private OpenFlowConnectionException ClosedException() =>
        new($"OpenFlow connection to {Remote} is closed: {CloseReason ?? "closing"}");

    /// <summary>Routes one decoded message (runs on the read loop; never blocks).</summary>
    private void Dispatch(OfpMessage message)
    {
        if (HandleEcho(message) || TryCompleteRequest(message))
            return;
        if (message is ErrorMessage error)
        {
            RecordStrayError(error);
        }
        else if (IsReplyType(message.Type) && message.Type != OfpType.Experimenter)
        {
            // The late answer to a request that timed out or was cancelled: nobody wants it any more.
            ConnectionLog.StrayReply(_logger, Remote, message.Xid);
            return;
        }
        DeliverUnsolicited(message);
    }

    private void DeliverUnsolicited(OfpMessage message)
    {
        if (_unsolicited.Writer.TryWrite(message))
            return;
        var dropped = Interlocked.Increment(ref _droppedUnsolicited);
        if (dropped == 1 || dropped % 1000 == 0)
            ConnectionLog.UnsolicitedDropped(_logger, Remote, _datapathId, dropped);
    }

    /// <summary>Closes the connection at once: pending requests fail, queued bytes are dropped.</summary>
    public void Abort(string reason = "aborted by controller")
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null || Interlocked.Exchange(ref _closed, 1) == 1)
            return;
        _closing.Cancel();
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        FailAllPending(ClosedException());
        _unsolicited.Writer.TryComplete();
        _ = FinishAsync(reason);
    }

    private async Task FinishAsync(string reason)
    {
        try
        {
            await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
            await _echoLoop.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ConnectionLog.Faulted(_logger, Remote, e);
        }
        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        ConnectionLog.Closed(_logger, Remote, _datapathId, reason);
        _completion.TrySetResult();
    }

    /// <summary>Sends what is already queued (waiting a second at most), then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsConnected)
        {
            await DrainOutputAsync().ConfigureAwait(false);
            Abort("closed by controller");
        }
        await Completion.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"switch {_datapathId:x16} at {Remote}";
}
