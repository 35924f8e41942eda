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
    /// A barrier that returns the errors for messages added to bundle <paramref name="bundleId"/> (recognised by the
    /// echoed bundle-add in the error data); other errors stay recorded for the next barrier.
    /// </summary>
    internal async Task<IReadOnlyList<OpenFlowErrorException>> BundleRefusalsAsync(uint bundleId, CancellationToken cancellationToken)
    {
        var errors = await BarrierCollectingErrorsAsync(cancellationToken).ConfigureAwait(false);
        var refused = new List<OpenFlowErrorException>();
        foreach (var error in errors)
        {
            if (IsAboutBundle(error, bundleId))
                refused.Add(error.ToException());
            else
                RecordStrayError(error);
        }
        return refused;
    }

    /// <summary>
    /// True when the error's data starts with an ONF bundle-add (experimenter 0x4f4e4600, exp_type 2301) for
    /// <paramref name="bundleId"/>: header(8) experimenter(4) exp_type(4) bundle_id(4), EXT-230.
    /// </summary>
    private static bool IsAboutBundle(ErrorMessage error, uint bundleId)
    {
        var data = error.Data.AsSpan();
        return data.Length >= 20 && data[1] == (byte)OfpType.Experimenter
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[8..]) == OnfBundle.OnfExperimenterId
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[12..]) == OnfBundle.AddExpType
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[16..]) == bundleId;
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
