using FedNet.OpenFlow.Connections.Internal;

namespace FedNet.OpenFlow.Connections;

public sealed partial class SwitchConnection
{
    /// <summary>Answers the switch's echo requests (spec 6.3.2) from the read loop.</summary>
    private bool HandleEcho(OfpMessage message)
    {
        if (message is not EchoRequest request)
            return false;
        SendFromReadLoop(EchoReply.For(request));
        return true;
    }

    /// <summary>
    /// Keepalive: whenever nothing has been received for <see cref="SwitchConnectionOptions.EchoInterval"/>, send an
    /// echo request; no reply within <see cref="SwitchConnectionOptions.EchoTimeout"/> means the peer is dead and the
    /// connection is closed. Timing goes through the injected <see cref="TimeProvider"/>.
    /// </summary>
    private async Task EchoLoopAsync()
    {
        if (_options.EchoInterval == Timeout.InfiniteTimeSpan)
            return;
        try
        {
            while (IsConnected)
            {
                var idle = _time.GetElapsedTime(Volatile.Read(ref _lastReceived));
                if (idle < _options.EchoInterval)
                {
                    await Task.Delay(_options.EchoInterval - idle, _time, _closing.Token).ConfigureAwait(false);
                    continue;
                }
                try
                {
                    await ExchangeAsync(new EchoRequest { Xid = NextXid() }, "echo request", multipart: false, collectErrors: false,
                        _options.EchoTimeout, _closing.Token).ConfigureAwait(false);
                }
                catch (OpenFlowTimeoutException)
                {
                    ConnectionLog.EchoTimedOut(_logger, Remote, _datapathId, _options.EchoTimeout);
                    Abort($"no echo reply within {_options.EchoTimeout}");
                    return;
                }
                catch (OpenFlowErrorException)
                {
                    // A switch that refuses echo is still alive.
                }
                // The reply itself refreshed the idle clock, so the next probe waits a full interval.
                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or OpenFlowConnectionException)
        {
            // Closed while waiting.
        }
    }
}
