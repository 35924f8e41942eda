using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_packet_in_reason</c> (spec 1.3.5 A.4.1).</summary>
public enum OfpPacketInReason : byte
{
    NoMatch = 0,
    Action = 1,
    InvalidTtl = 2,
}

/// <summary>
/// OFPT_PACKET_IN (spec 1.3.5 A.4.1): <c>struct ofp_packet_in { ofp_header; uint32_t buffer_id; uint16_t total_len;
/// uint8_t reason; uint8_t table_id; uint64_t cookie; ofp_match match; uint8_t pad[2]; uint8_t data[]; }</c>.
/// </summary>
public sealed record PacketIn : OfpMessage
{
    public override OfpType Type => OfpType.PacketIn;

    /// <summary>Switch buffer holding the packet, or OFP_NO_BUFFER (0xffffffff).</summary>
    public uint BufferId { get; init; } = FlowMod.NoBuffer;

    /// <summary>Full length of the frame (data may be shorter).</summary>
    public ushort TotalLength { get; init; }

    public OfpPacketInReason Reason { get; init; }

    public byte TableId { get; init; }

    /// <summary>Cookie of the flow that sent the packet.</summary>
    public ulong Cookie { get; init; }

    /// <summary>Pipeline fields: in_port and whatever else the switch reports (metadata, tunnel id...).</summary>
    public Match Match { get; init; } = Match.Any;

    /// <summary>The Ethernet frame (or its first bytes).</summary>
    public EquatableArray<byte> Data { get; init; }

    /// <summary>The OXM in_port of <see cref="Match"/>, if present.</summary>
    public uint? InPort => Match.Get(OxmField.InPort) is { } f ? (uint)f.ValueAsUInt64() : null;

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U32(BufferId);
        writer.U16(TotalLength);
        writer.U8((byte)Reason);
        writer.U8(TableId);
        writer.U64(Cookie);
        Match.Encode(writer);
        writer.Zeros(2);
        writer.Bytes(Data.AsSpan());
    }

    internal static PacketIn Decode(ref OfpReader r)
    {
        var buffer = r.U32();
        var total = r.U16();
        var reason = (OfpPacketInReason)r.U8();
        var table = r.U8();
        var cookie = r.U64();
        var match = Match.Decode(ref r);
        r.Pad(2);
        return new PacketIn
        {
            BufferId = buffer,
            TotalLength = total,
            Reason = reason,
            TableId = table,
            Cookie = cookie,
            Match = match,
            Data = r.RestArray(),
        };
    }
}
