using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Connections;

namespace FedNet.Cbench.Internal;

/// <summary>
/// One emulated OpenFlow 1.3 switch: connects to the controller, answers what a controller asks of a switch (hello,
/// features, echo, barrier, get-config, multipart), sends packet-ins and counts flow-mods and packet-outs. The read loop
/// never blocks on writing: everything it answers goes through an outbound queue drained by the one write loop, so a
/// controller that stops reading cannot deadlock the switch.
/// </summary>
internal sealed class EmulatedSwitch : IAsyncDisposable
{
    /// <summary>OFPBRC_BAD_TYPE (spec 1.3.5 A.4.4): the answer to a request this switch does not implement.</summary>
    private const ushort BadRequestBadType = 1;

    /// <summary>Bytes handed to the socket per write in throughput mode.</summary>
    private const int BatchBytes = 16 * 1024;

    /// <summary>
    /// The socket's send buffer. Left to autotuning, Linux grows it to megabytes on loopback: a slow controller then
    /// has ~100,000 packet-ins queued that it keeps working through after the run. cbench's own buffer is 64 KiB.
    /// </summary>
    private const int SendBufferBytes = 64 * 1024;

    private readonly CbenchOptions _options;
    private readonly TrafficPattern _pattern;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _featuresAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _flowModSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _answered = new(0);
    private readonly List<double> _latenciesMs = [];
    private Socket? _socket;
    private NetworkStream? _stream;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private Task _latencyLoop = Task.CompletedTask;
    private long _flowMods;
    private long _packetOuts;
    private long _packetInsSent;
    private long _errors;
    private long _unanswered;
    private long _lastAnswer;
    private uint _seq;
    private long _outstanding = -1;
    private long _outstandingSince;
    private volatile bool _flooding;
    private volatile bool _recording;
    private string? _firstError;

    public EmulatedSwitch(int index, CbenchOptions options)
    {
        Index = index;
        DatapathId = options.DatapathIdBase + (ulong)index;
        _options = options;
        _pattern = new TrafficPattern(index, options.Macs);
    }

    public int Index { get; }

    public ulong DatapathId { get; }

    /// <summary>Completes once the controller's features request was answered (the controller knows this switch).</summary>
    public Task FeaturesAnswered => _featuresAnswered.Task;

    /// <summary>
    /// Completes at the first flow-mod after the features request: a learning switch's table-miss flow, the sign that the
    /// controller finished setting this switch up (os-ken drops packet-ins that arrive before; a flood that starts
    /// earlier starves the other switches' handshakes).
    /// </summary>
    public Task FirstFlowMod => _flowModSeen.Task;

    /// <summary>Faults with a <see cref="CbenchException"/> when the controller closes, misbehaves or goes silent.</summary>
    public Task Failed => _failed.Task;

    public long FlowMods => Volatile.Read(ref _flowMods);

    public long PacketOuts => Volatile.Read(ref _packetOuts);

    public long PacketInsSent => Volatile.Read(ref _packetInsSent);

    public long ErrorsReceived => Volatile.Read(ref _errors);

    public long Unanswered => Volatile.Read(ref _unanswered);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Latency samples (ms) taken while <see cref="Recording"/>; read only after <see cref="StopTrafficAsync"/>.</summary>
    public IReadOnlyList<double> LatenciesMs => _latenciesMs;

    /// <summary>Whether latency samples and lost packet-ins are recorded (the counted window).</summary>
    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    private string Name => $"switch {Index} (dpid {DatapathId:x16})";

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var endpoint = OpenFlowEndpoint.Parse(_options.Controller);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            if (endpoint.Transport == OpenFlowTransport.Unix)
            {
                _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { SendBufferSize = SendBufferBytes };
                await _socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.HostOrPath), timeout.Token).ConfigureAwait(false);
            }
            else
            {
                _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = SendBufferBytes };
                await _socket.ConnectAsync(endpoint.HostOrPath, endpoint.Port, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CbenchException($"{Name}: no connection to {_options.Controller} within {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            throw new CbenchException($"{Name}: cannot connect to {_options.Controller}: {e.Message}", e);
        }
        _stream = new NetworkStream(_socket, ownsSocket: true);
        Volatile.Write(ref _lastAnswer, Stopwatch.GetTimestamp());
        Enqueue(Hello.ForVersions(OpenFlowCodec.Version13));
        _writeLoop = Task.Run(WriteLoopAsync, CancellationToken.None);
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    /// <summary>Throughput mode: keep the socket full of packet-ins from now on.</summary>
    public void StartFlooding()
    {
        _flooding = true;
        // Wakes the write loop if it is waiting for queued replies.
        _outbound.Writer.TryWrite([]);
    }

    /// <summary>Latency mode: one packet-in outstanding at a time, from now on.</summary>
    public void StartLatencyLoop() => _latencyLoop = Task.Run(LatencyLoopAsync, CancellationToken.None);

    /// <summary>Stops sending and waits for the senders; counters and samples are final afterwards.</summary>
    public async Task StopTrafficAsync()
    {
        _flooding = false;
        _recording = false;
        await _stop.CancelAsync().ConfigureAwait(false);
        _outbound.Writer.TryComplete();
        await Task.WhenAll(Quiet(_writeLoop), Quiet(_latencyLoop)).ConfigureAwait(false);
    }

    private static async Task Quiet(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private void Fail(string reason, Exception? inner = null)
    {
        if (_stop.IsCancellationRequested)
            return;
        _failed.TrySetException(new CbenchException($"{Name}: {reason}", inner));
    }

    private void Enqueue(OfpMessage message) => _outbound.Writer.TryWrite(OpenFlowCodec.Encode(message));

    private async Task WriteLoopAsync()
    {
        var stream = _stream!;
        var batch = new byte[BatchBytes / _pattern.MessageLength * _pattern.MessageLength];
        var perBatch = batch.Length / _pattern.MessageLength;
        try
        {
            while (true)
            {
                while (_outbound.Reader.TryRead(out var bytes))
                {
                    if (bytes.Length > 0)
                        await stream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
                }
                if (_flooding)
                {
                    for (var i = 0; i < perBatch; i++)
                        _pattern.Write(_seq++, batch.AsSpan(i * _pattern.MessageLength));
                    // WriteAsync completes once the kernel took the bytes: blocking here is what keeps the buffer full.
                    await stream.WriteAsync(batch, _stop.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _packetInsSent, perBatch);
                    continue;
                }
                if (!await _outbound.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                    return;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Fail($"the controller closed the connection (write failed: {e.Message})", e);
        }
    }

    private async Task LatencyLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var seq = _seq++;
                var bytes = new byte[_pattern.MessageLength];
                _pattern.Write(seq, bytes);
                Volatile.Write(ref _outstandingSince, Stopwatch.GetTimestamp());
                Volatile.Write(ref _outstanding, seq);
                _outbound.Writer.TryWrite(bytes);
                Interlocked.Increment(ref _packetInsSent);
                if (await _answered.WaitAsync(_options.ResendAfter, _stop.Token).ConfigureAwait(false))
                    continue;
                if (Interlocked.CompareExchange(ref _outstanding, -1, seq) != seq)
                {
                    // Answered between the timeout and now: take the release so the next packet-in waits for its own.
                    await _answered.WaitAsync(0, _stop.Token).ConfigureAwait(false);
                    continue;
                }
                if (_recording)
                    Interlocked.Increment(ref _unanswered);
                var silent = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastAnswer));
                if (silent > _options.Timeout)
                {
                    Fail($"no packet-out from the controller for {silent.TotalSeconds:0.#} s (latency mode, one packet-in outstanding)");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = PipeReader.Create(_stream!, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
        long offset = 0;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (OpenFlowCodec.TryReadFrame(ref buffer, out var header, out var frame))
                    {
                        Handle(header, frame);
                        offset += header.Length;
                    }
                }
                catch (OpenFlowProtocolException e)
                {
                    Fail($"malformed message from the controller at stream offset {offset + e.Offset}: {e.Reason}", e);
                    return;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    Fail($"the controller closed the connection after {FlowMods} flow-mods and {PacketOuts} packet-outs");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // A controller that closes with unread packet-ins in its buffer resets the connection instead of a clean FIN.
            Fail($"the controller closed the connection ({e.Message}) after {FlowMods} flow-mods and {PacketOuts} packet-outs", e);
        }
        catch (CbenchException e)
        {
            _failed.TrySetException(e);
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One message from the controller. Counting needs only the header; the rest is decoded when it must be answered.</summary>
    private void Handle(OfpHeader header, ReadOnlySequence<byte> frame)
    {
        switch (header.Type)
        {
            case OfpType.FlowMod:
                Volatile.Write(ref _flowMods, _flowMods + 1);
                if (_featuresAnswered.Task.IsCompleted)
                    _flowModSeen.TrySetResult();
                return;
            case OfpType.PacketOut:
                Volatile.Write(ref _packetOuts, _packetOuts + 1);
                if (_options.Mode == CbenchMode.Latency)
                    CompleteOutstanding((PacketOut)OpenFlowCodec.Decode(frame));
                return;
            case OfpType.Hello:
                var hello = (Hello)OpenFlowCodec.Decode(frame);
                if (!hello.Supports(OpenFlowCodec.Version13))
                    throw new CbenchException($"{Name}: the controller's hello does not offer OpenFlow 1.3 (header version {hello.Version})");
                return;
            case OfpType.FeaturesRequest:
                Enqueue(new FeaturesReply
                {
                    Xid = header.Xid,
                    DatapathId = DatapathId,
                    NBuffers = 256,
                    NTables = 254,
                    Capabilities = OfpCapabilities.FlowStats | OfpCapabilities.TableStats | OfpCapabilities.PortStats,
                });
                _featuresAnswered.TrySetResult();
                return;
            case OfpType.EchoRequest:
                Enqueue(EchoReply.For((EchoRequest)OpenFlowCodec.Decode(frame)));
                return;
            case OfpType.BarrierRequest:
                Enqueue(new BarrierReply { Xid = header.Xid });
                return;
            case OfpType.GetConfigRequest:
                Enqueue(new GetConfigReply { Xid = header.Xid, MissSendLength = 0xffff });
                return;
            case OfpType.MultipartRequest:
                Enqueue(AnswerMultipart((MultipartRequest)OpenFlowCodec.Decode(frame)));
                return;
            case OfpType.RoleRequest or OfpType.GetAsyncRequest or OfpType.QueueGetConfigRequest:
                Enqueue(new ErrorMessage { Xid = header.Xid, ErrorType = OfpErrorType.BadRequest, Code = BadRequestBadType, Data = FirstBytes(frame) });
                return;
            case OfpType.Error:
                var error = (ErrorMessage)OpenFlowCodec.Decode(frame);
                if (Interlocked.Increment(ref _errors) == 1)
                    Volatile.Write(ref _firstError, $"OFPET {error.ErrorType} code {error.Code} (xid {error.Xid})");
                return;
            default:
                // Set-config, set-async, table-mod, group-mod, meter-mod...: nothing to answer, nothing to count.
                return;
        }
    }

    private void CompleteOutstanding(PacketOut packetOut)
    {
        if (!TrafficPattern.TryReadSequence(packetOut.Data.AsSpan(), out var seq) || Interlocked.CompareExchange(ref _outstanding, -1, seq) != seq)
            return;
        var latency = Stopwatch.GetElapsedTime(Volatile.Read(ref _outstandingSince));
        Volatile.Write(ref _lastAnswer, Stopwatch.GetTimestamp());
        if (_recording)
            _latenciesMs.Add(latency.TotalMilliseconds);
        _answered.Release();
    }

    private static MultipartReply AnswerMultipart(MultipartRequest request) => request switch
    {
        DescStatsRequest => new DescStatsReply
        {
            Xid = request.Xid,
            Manufacturer = "FedNet",
            Hardware = "emulated switch",
            Software = "FedNet.Cbench",
            SerialNumber = "0",
            Datapath = "cbench",
        },
        PortDescRequest => new PortDescReply { Xid = request.Xid },
        // Every other statistic: an empty list is a valid answer (no flows, groups, meters...).
        _ => new UnknownMultipartReply((ushort)request.MultipartType, EquatableArray<byte>.Empty) { Xid = request.Xid },
    };

    private static byte[] FirstBytes(ReadOnlySequence<byte> frame) => frame.Slice(0, Math.Min(frame.Length, 64)).ToArray();

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await StopTrafficAsync().ConfigureAwait(false);
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        if (_stream is not null)
            await _stream.DisposeAsync().ConfigureAwait(false);
        await Quiet(_readLoop).ConfigureAwait(false);
        _stop.Dispose();
        _answered.Dispose();
    }

    public override string ToString() => $"{Name} -> {_options.Controller}";
}
