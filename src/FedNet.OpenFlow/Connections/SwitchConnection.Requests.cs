using FedNet.OpenFlow.Connections.Internal;

namespace FedNet.OpenFlow.Connections;

public sealed partial class SwitchConnection
{
    /// <summary>
    /// Sends <paramref name="request"/> with a fresh xid and waits for the reply with that xid. An OFPT_ERROR answering it
    /// is thrown as <see cref="OpenFlowErrorException"/> (OFPET/code); no answer within
    /// <see cref="SwitchConnectionOptions.RequestTimeout"/> is an <see cref="OpenFlowTimeoutException"/>.
    /// </summary>
    /// <exception cref="OpenFlowConnectionException">The connection closed before the reply came, or the reply had another type.</exception>
    public async Task<TReply> RequestAsync<TReply>(OfpMessage request, CancellationToken cancellationToken = default)
        where TReply : OfpMessage
    {
        ArgumentNullException.ThrowIfNull(request);
        var replies = await ExchangeAsync(request with { Xid = NextXid() }, request.Type.ToString(), multipart: false, collectErrors: false,
            _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return replies[0] as TReply ?? throw new OpenFlowConnectionException(
            $"{Remote} answered {request.Type} with {replies[0].Type}, expected {typeof(TReply).Name}");
    }

    /// <summary>Asks for the switch's role (spec 6.3.6), e.g. to become master with a generation id.</summary>
    public Task<RoleReply> RequestRoleAsync(OfpControllerRole role, ulong generationId = 0, CancellationToken cancellationToken = default) =>
        RequestAsync<RoleReply>(new RoleRequest { Role = role, GenerationId = generationId }, cancellationToken);

    /// <summary>Reads which asynchronous messages the switch sends this controller (spec 7.3.10).</summary>
    public Task<GetAsyncReply> GetAsyncConfigAsync(CancellationToken cancellationToken = default) =>
        RequestAsync<GetAsyncReply>(new GetAsyncRequest(), cancellationToken);

    /// <summary>Sets which asynchronous messages the switch sends, confirmed by a barrier (set-async has no reply).</summary>
    public async Task SetAsyncConfigAsync(SetAsync config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        await SendAsync(config with { Xid = NextXid() }, cancellationToken).ConfigureAwait(false);
        await BarrierAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the switch configuration (fragment handling, miss_send_len).</summary>
    public Task<GetConfigReply> GetConfigAsync(CancellationToken cancellationToken = default) =>
        RequestAsync<GetConfigReply>(new GetConfigRequest(), cancellationToken);

    /// <summary>Sets the switch configuration, confirmed by a barrier (set-config has no reply).</summary>
    public async Task SetConfigAsync(SetConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        await SendAsync(config with { Xid = NextXid() }, cancellationToken).ConfigureAwait(false);
        await BarrierAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers <paramref name="request"/>'s xid, sends it, and waits for every reply part.</summary>
    private async Task<IReadOnlyList<OfpMessage>> ExchangeAsync(
        OfpMessage request, string what, bool multipart, bool collectErrors, TimeSpan timeout, CancellationToken cancellationToken,
        Func<PendingRequest, Task<IReadOnlyList<OfpMessage>>>? wait = null)
    {
        var pending = new PendingRequest(what, multipart, collectErrors);
        if (!_pending.TryAdd(request.Xid, pending))
            throw new InvalidOperationException($"xid {request.Xid} is already waiting for a reply");
        try
        {
            await SendAsync(request, cancellationToken).ConfigureAwait(false);
            var task = wait is null ? pending.Task : wait(pending);
            return await task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new OpenFlowTimeoutException($"{what} to {Remote} (xid {request.Xid}) got no reply within {timeout}", timeout, e);
        }
        finally
        {
            _pending.TryRemove(request.Xid, out _);
        }
    }

    /// <summary>The message types a switch sends only in answer to a request (and errors, which may answer one).</summary>
    private static bool IsReplyType(OfpType type) => type is OfpType.Error or OfpType.EchoReply or OfpType.FeaturesReply
        or OfpType.GetConfigReply or OfpType.MultipartReply or OfpType.BarrierReply or OfpType.QueueGetConfigReply
        or OfpType.RoleReply or OfpType.GetAsyncReply or OfpType.Experimenter;

    /// <summary>Hands a reply to the request waiting for its xid; runs on the read loop.</summary>
    private bool TryCompleteRequest(OfpMessage message)
    {
        if (!IsReplyType(message.Type) || !_pending.TryGetValue(message.Xid, out var pending))
            return false;
        if (message is ErrorMessage error)
        {
            if (pending.CollectErrors)
                TakeStrayErrors(pending);
            _pending.TryRemove(message.Xid, out _);
            pending.Fail(error.ToException());
            return true;
        }
        if (pending.Multipart && IsMoreToCome(message))
        {
            pending.AddPart(message);
            return true;
        }
        if (pending.CollectErrors)
            TakeStrayErrors(pending);
        _pending.TryRemove(message.Xid, out _);
        pending.Complete(message);
        return true;
    }

    private void FailAllPending(Exception exception)
    {
        foreach (var xid in _pending.Keys)
        {
            if (_pending.TryRemove(xid, out var pending))
                pending.Fail(exception);
        }
    }
}
