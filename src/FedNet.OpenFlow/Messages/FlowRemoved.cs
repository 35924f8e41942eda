using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_flow_removed_reason</c> (spec 1.3.5 A.4.2).</summary>
public enum OfpFlowRemovedReason : byte
{
    IdleTimeout = 0,
    HardTimeout = 1,
    Delete = 2,
    GroupDelete = 3,
}

/// <summary>
/// OFPT_FLOW_REMOVED (spec 1.3.5 A.4.2): <c>struct ofp_flow_removed { ofp_header; uint64_t cookie; uint16_t priority;
/// uint8_t reason; uint8_t table_id; uint32_t duration_sec; uint32_t duration_nsec; uint16_t idle_timeout;
/// uint16_t hard_timeout; uint64_t packet_count; uint64_t byte_count; ofp_match match; }</c>.
/// </summary>
public sealed record FlowRemoved : OfpMessage
{
    public override OfpType Type => OfpType.FlowRemoved;

    public ulong Cookie { get; init; }
    public ushort Priority { get; init; }
    public OfpFlowRemovedReason Reason { get; init; }
    public byte TableId { get; init; }
    public uint DurationSec { get; init; }
    public uint DurationNsec { get; init; }
    public ushort IdleTimeout { get; init; }
    public ushort HardTimeout { get; init; }
    public ulong PacketCount { get; init; }
    public ulong ByteCount { get; init; }
    public Match Match { get; init; } = Match.Any;

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U64(Cookie);
        writer.U16(Priority);
        writer.U8((byte)Reason);
        writer.U8(TableId);
        writer.U32(DurationSec);
        writer.U32(DurationNsec);
        writer.U16(IdleTimeout);
        writer.U16(HardTimeout);
        writer.U64(PacketCount);
        writer.U64(ByteCount);
        Match.Encode(writer);
    }

    internal static FlowRemoved Decode(ref OfpReader r)
    {
        var m = new FlowRemoved
        {
            Cookie = r.U64(),
            Priority = r.U16(),
            Reason = (OfpFlowRemovedReason)r.U8(),
            TableId = r.U8(),
            DurationSec = r.U32(),
            DurationNsec = r.U32(),
            IdleTimeout = r.U16(),
            HardTimeout = r.U16(),
            PacketCount = r.U64(),
            ByteCount = r.U64(),
        };
        m = m with { Match = Match.Decode(ref r) };
        r.ExpectEnd("flow removed");
        return m;
    }
}
