using FedNet.OpenFlow.Connections.Internal;

namespace FedNet.OpenFlow.Connections;

public sealed partial class SwitchConnection
{
    private readonly Lock _strayErrorsLock = new();
    private List<ErrorMessage> _strayErrors = [];
    private long _strayErrorCount;

    /// <summary>
    /// Sends a barrier and waits for its reply (spec 6.2: every message sent before it has been processed). Errors the
    /// switch returned since the previous barrier for messages sent without waiting (flow-mods through
    /// <see cref="SendAsync"/>) are reported here: the first one is thrown as <see cref="OpenFlowErrorException"/>
    /// (all of them also went to <see cref="Unsolicited"/>).
    /// </summary>
    public async Task BarrierAsync(CancellationToken cancellationToken = default)
    {
        var errors = await BarrierCollectingErrorsAsync(cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
            throw errors[0].ToException();
    }

    /// <summary>
    /// Like <see cref="BarrierAsync"/>, but returns the errors (for messages sent before the barrier, since the previous
    /// one) instead of throwing the first; capped at <see cref="SwitchConnectionOptions.MaxErrorsPerBarrier"/>.
    /// </summary>
    public async Task<IReadOnlyList<ErrorMessage>> BarrierCollectingErrorsAsync(CancellationToken cancellationToken = default)
    {
        PendingRequest? pending = null;
        await ExchangeAsync(new BarrierRequest { Xid = NextXid() }, "barrier", multipart: false, collectErrors: true,
            _options.RequestTimeout, cancellationToken, p => (pending = p).Task).ConfigureAwait(false);
        return pending!.Errors;
    }

    /// <summary>Keeps an error nobody waits for until the next barrier reply takes it (read loop only).</summary>
    private void RecordStrayError(ErrorMessage error)
    {
        lock (_strayErrorsLock)
        {
            _strayErrorCount++;
            if (_strayErrors.Count < _options.MaxErrorsPerBarrier)
                _strayErrors.Add(error);
        }
    }

    private void TakeStrayErrors(PendingRequest barrier)
    {
        lock (_strayErrorsLock)
        {
            if (_strayErrorCount == 0)
                return;
            barrier.Errors = _strayErrors;
            barrier.ErrorCount = _strayErrorCount;
            _strayErrors = [];
            _strayErrorCount = 0;
        }
    }
}
