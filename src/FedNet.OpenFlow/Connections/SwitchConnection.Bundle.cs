using FedNet.OpenFlow.Connections.Internal;

namespace FedNet.OpenFlow.Connections;

public sealed partial class SwitchConnection
{
    private int _nextBundleId;

    /// <summary>
    /// Opens an ONF bundle (EXT-230) and waits for the switch to confirm it. Add messages to the returned bundle, then
    /// commit or discard it.
    /// </summary>
    /// <exception cref="OpenFlowBundleException">The switch refused to open the bundle.</exception>
    public async Task<OpenFlowBundle> OpenBundleAsync(BundleFlags flags = BundleFlags.Atomic | BundleFlags.Ordered, CancellationToken cancellationToken = default)
    {
        var id = (uint)Interlocked.Increment(ref _nextBundleId);
        await BundleControlAsync(id, flags, BundleControlType.OpenRequest, "open", cancellationToken).ConfigureAwait(false);
        return new OpenFlowBundle(this, id, flags);
    }

    /// <summary>
    /// Sends a bundle control request and waits for the matching reply. A refusal becomes an
    /// <see cref="OpenFlowBundleException"/> carrying the errors the switch sent for bundled messages before it.
    /// </summary>
    internal async Task BundleControlAsync(uint bundleId, BundleFlags flags, BundleControlType type, string operation, CancellationToken cancellationToken)
    {
        var request = new BundleControl { Xid = NextXid(), BundleId = bundleId, ControlType = type, Flags = flags };
        PendingRequest? pending = null;
        IReadOnlyList<OfpMessage> replies;
        try
        {
            // The errors for bundled messages precede the control reply (the switch answers in order), so the control
            // request collects them like a barrier does.
            replies = await ExchangeAsync(request, $"bundle {bundleId} {operation}", multipart: false, collectErrors: true,
                _options.RequestTimeout, cancellationToken, p => (pending = p).Task).ConfigureAwait(false);
        }
        catch (OpenFlowErrorException e)
        {
            throw new OpenFlowBundleException(bundleId, operation, e, pending!.Errors.Select(m => m.ToException()).ToList());
        }
        var expected = (BundleControlType)((ushort)type + 1);
        if (replies[0] is not BundleControl reply || reply.BundleId != bundleId || reply.ControlType != expected)
            throw new OpenFlowConnectionException($"{Remote} answered bundle {bundleId} {operation} with {replies[0]}, expected {expected}");
        if (pending!.Errors.Count > 0)
        {
            // A switch may report a refused add and still confirm the control request; do not let that pass silently.
            var first = pending.Errors[0].ToException();
            throw new OpenFlowBundleException(bundleId, operation, first, pending.Errors.Select(m => m.ToException()).ToList());
        }
    }
}
