using System.Text;
using FedNet.OpenFlow.Connections.Internal;

namespace FedNet.OpenFlow.Connections;

public sealed partial class SwitchConnection
{
    /// <summary>OFPHFC_INCOMPATIBLE (spec 1.3.5 A.4.4, <c>ofp_hello_failed_code</c>).</summary>
    private const ushort HelloFailedIncompatible = 0;

    /// <summary>
    /// Spec 6.3.1: both sides send a hello at once; the version is the highest both announce (bitmap if present,
    /// else the header versions). FedNet speaks 1.3 only, so a peer without 1.3 gets an OFPET_HELLO_FAILED error and
    /// the connection is closed. Then a features request learns the datapath id.
    /// </summary>
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            _writeLoop = Task.Run(WriteLoopAsync, CancellationToken.None);
            await SendAsync(Hello.ForVersions(OpenFlowCodec.Version13) with { Xid = NextXid() }, linked.Token).ConfigureAwait(false);
            var hello = await ReadHelloAsync(linked.Token).ConfigureAwait(false);
            if (!hello.Supports(OpenFlowCodec.Version13))
            {
                var text = $"FedNet speaks OpenFlow 1.3 (version 0x04) only; the peer offered {Describe(hello)}";
                await SendAsync(new ErrorMessage
                {
                    Xid = hello.Xid,
                    ErrorType = OfpErrorType.HelloFailed,
                    Code = HelloFailedIncompatible,
                    Data = Encoding.ASCII.GetBytes(text),
                }, linked.Token).ConfigureAwait(false);
                await DrainOutputAsync().ConfigureAwait(false);
                throw new OpenFlowConnectionException($"{Remote}: {text}");
            }
            Version = OpenFlowCodec.Version13;
            _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
            var features = await RequestAsync<FeaturesReply>(new FeaturesRequest(), linked.Token).ConfigureAwait(false);
            Features = features;
            _datapathId = features.DatapathId;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new OpenFlowTimeoutException(
                $"OpenFlow handshake with {Remote} did not finish within {_options.HandshakeTimeout}", _options.HandshakeTimeout);
        }
    }

    /// <summary>Reads the peer's first message, which must be a hello (of any version).</summary>
    private async Task<Hello> ReadHelloAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                if (OpenFlowCodec.TryReadFrame(ref buffer, out var frame))
                {
                    var message = OpenFlowCodec.Decode(frame);
                    _streamOffset += frame.Length;
                    _input.AdvanceTo(buffer.Start);
                    return message as Hello ?? throw new OpenFlowConnectionException(
                        $"{Remote} sent {message.Type} before its hello (spec 6.3.1: hello comes first)");
                }
            }
            catch (OpenFlowProtocolException e)
            {
                ConnectionLog.Malformed(_logger, Remote, _streamOffset + e.Offset, e.Reason);
                throw new OpenFlowConnectionException($"{Remote} sent a malformed hello at offset {_streamOffset + e.Offset}: {e.Reason}", e);
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                throw new OpenFlowConnectionException($"{Remote} closed the connection before sending its hello");
        }
    }

    private static string Describe(Hello hello)
    {
        var versions = Enumerable.Range(1, 31).Where(v => hello.Supports((byte)v)).Select(v => $"0x{v:x2}").ToList();
        return versions.Count == 0 ? "no version" : string.Join(", ", versions);
    }

    /// <summary>Lets the write loop send everything queued (a second at most), then stops accepting writes.</summary>
    private async Task DrainOutputAsync()
    {
        // A sender stuck on backpressure (a switch that stopped reading) holds the lock: then there is nothing to
        // drain politely, and the caller aborts, which releases that sender.
        if (!await _writeLock.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false))
            return;
        try
        {
            if (_outputCompleted)
                return;
            _outputCompleted = true;
            await _output.Writer.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
        await Task.WhenAny(_writeLoop, Task.Delay(TimeSpan.FromSeconds(1), _time)).ConfigureAwait(false);
    }
}
