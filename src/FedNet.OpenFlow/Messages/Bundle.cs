using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>ONF EXT-230 bundle control types (<c>enum onf_bundle_ctrl_type</c>; OpenFlow 1.4's ofp_bundle_ctrl_type).</summary>
public enum BundleControlType : ushort
{
    OpenRequest = 0,
    OpenReply = 1,
    CloseRequest = 2,
    CloseReply = 3,
    CommitRequest = 4,
    CommitReply = 5,
    DiscardRequest = 6,
    DiscardReply = 7,
}

/// <summary>ONF EXT-230 bundle flags.</summary>
[Flags]
public enum BundleFlags : ushort
{
    None = 0,
    /// <summary>Commit all or nothing.</summary>
    Atomic = 1,
    /// <summary>Apply messages in the order they were added.</summary>
    Ordered = 2,
}

/// <summary>Constants of the ONF bundle extension as carried over OpenFlow 1.3 experimenter messages.</summary>
public static class OnfBundle
{
    /// <summary>ONF_EXPERIMENTER_ID.</summary>
    public const uint OnfExperimenterId = 0x4F4E4600;
    /// <summary>ONFT_BUNDLE_CONTROL.</summary>
    public const uint ControlExpType = 2300;
    /// <summary>ONFT_BUNDLE_ADD_MESSAGE.</summary>
    public const uint AddExpType = 2301;
}

/// <summary>
/// ONF bundle control (EXT-230 over 1.3; OVS <c>include/openflow/onf-ext.h</c>): an experimenter message with
/// experimenter 0x4F4E4600, exp_type 2300 and body <c>struct onf_exp_bundle_ctrl_msg { ovs_be32 bundle_id;
/// ovs_be16 type; ovs_be16 flags; properties[] }</c>. Open a bundle, add messages, then commit or discard it.
/// </summary>
public sealed record BundleControl : OfpMessage
{
    public override OfpType Type => OfpType.Experimenter;

    public uint BundleId { get; init; }

    public BundleControlType ControlType { get; init; }

    public BundleFlags Flags { get; init; }

    /// <summary>Bundle properties (ofp_bundle_prop TLVs), kept as raw bytes.</summary>
    public EquatableArray<byte> Properties { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U32(OnfBundle.OnfExperimenterId);
        writer.U32(OnfBundle.ControlExpType);
        writer.U32(BundleId);
        writer.U16((ushort)ControlType);
        writer.U16((ushort)Flags);
        writer.Bytes(Properties.AsSpan());
    }

    internal static BundleControl Decode(ref OfpReader r) => new()
    {
        BundleId = r.U32(),
        ControlType = (BundleControlType)r.U16(),
        Flags = (BundleFlags)r.U16(),
        Properties = r.RestArray(),
    };
}

/// <summary>
/// ONF bundle add (EXT-230 over 1.3): experimenter 0x4F4E4600, exp_type 2301, body <c>struct onf_exp_bundle_add_msg {
/// ovs_be32 bundle_id; uint8_t pad[2]; ovs_be16 flags; struct ofp_header message; ... properties[] }</c>. The
/// embedded message is a complete OpenFlow message and must carry the same xid as this one (see <see cref="For"/>).
/// </summary>
public sealed record BundleAdd : OfpMessage
{
    public override OfpType Type => OfpType.Experimenter;

    public uint BundleId { get; init; }

    public BundleFlags Flags { get; init; }

    /// <summary>The message to apply when the bundle commits (a flow-mod, group-mod, port-mod...).</summary>
    public required OfpMessage Message { get; init; }

    /// <summary>Bundle properties after the embedded message, kept as raw bytes.</summary>
    public EquatableArray<byte> Properties { get; init; }

    /// <summary>Wraps <paramref name="message"/> for <paramref name="bundleId"/>, sharing its xid as the extension requires.</summary>
    public static BundleAdd For(uint bundleId, OfpMessage message, BundleFlags flags = BundleFlags.None)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new BundleAdd { Xid = message.Xid, BundleId = bundleId, Flags = flags, Message = message };
    }

    internal override void EncodeBody(OfpWriter writer)
    {
        if (Message is BundleAdd)
            throw new ArgumentException("a bundle add cannot embed another bundle add");
        writer.U32(OnfBundle.OnfExperimenterId);
        writer.U32(OnfBundle.AddExpType);
        writer.U32(BundleId);
        writer.Zeros(2);
        writer.U16((ushort)Flags);
        OpenFlowCodec.EncodeInto(writer, Message);
        writer.Bytes(Properties.AsSpan());
    }

    internal static BundleAdd Decode(ref OfpReader r)
    {
        var bundleId = r.U32();
        r.Pad(2);
        var flags = (BundleFlags)r.U16();
        var start = r.Offset;
        var length = r.CheckTlvLength(r.PeekU16(2), OfpHeader.Size, aligned: false, "bundled message");
        // Refuse recursion: a bundle may not hold a bundle add, and a bound on depth keeps the stack safe.
        if (r.PeekU16() == (OpenFlowCodec.Version13 << 8 | (byte)OfpType.Experimenter) && length >= 16
            && r.PeekU32(8) == OnfBundle.OnfExperimenterId && r.PeekU32(12) == OnfBundle.AddExpType)
            throw r.Error("a bundle add embeds another bundle add");
        var inner = OpenFlowCodec.Decode(r.Bytes(length), start);
        return new BundleAdd { BundleId = bundleId, Flags = flags, Message = inner, Properties = r.RestArray() };
    }
}
