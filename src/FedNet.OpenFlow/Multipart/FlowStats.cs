using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// The body shared by flow and aggregate stats requests (spec 1.3.5 A.3.5.2): <c>struct ofp_flow_stats_request {
/// uint8_t table_id; uint8_t pad[3]; uint32_t out_port; uint32_t out_group; uint8_t pad2[4]; uint64_t cookie;
/// uint64_t cookie_mask; ofp_match match; }</c>.
/// </summary>
public abstract record FlowFilterRequest : MultipartRequest
{
    private protected FlowFilterRequest()
    {
    }

    /// <summary>Table to read, or 0xff (OFPTT_ALL) for all.</summary>
    public byte TableId { get; init; } = 0xff;
    public uint OutPort { get; init; } = OfpPortNo.Any;
    public uint OutGroup { get; init; } = FlowMod.AnyGroup;
    public ulong Cookie { get; init; }
    public ulong CookieMask { get; init; }
    public Match Match { get; init; } = Match.Any;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
        writer.U8(TableId);
        writer.Zeros(3);
        writer.U32(OutPort);
        writer.U32(OutGroup);
        writer.Zeros(4);
        writer.U64(Cookie);
        writer.U64(CookieMask);
        Match.Encode(writer);
    }

    internal static T Decode<T>(ref OfpReader r)
        where T : FlowFilterRequest, new()
    {
        var table = r.U8();
        r.Pad(3);
        var outPort = r.U32();
        var outGroup = r.U32();
        r.Pad(4);
        var cookie = r.U64();
        var mask = r.U64();
        var match = Match.Decode(ref r);
        r.ExpectEnd("flow stats request");
        return new T { TableId = table, OutPort = outPort, OutGroup = outGroup, Cookie = cookie, CookieMask = mask, Match = match };
    }
}

/// <summary>OFPMP_FLOW request: the individual flows matching the filter.</summary>
public sealed record FlowStatsRequest : FlowFilterRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Flow;
}

/// <summary>OFPMP_AGGREGATE request: totals over the flows matching the filter.</summary>
public sealed record AggregateStatsRequest : FlowFilterRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Aggregate;
}

/// <summary>
/// One flow entry of a flow stats reply (spec 1.3.5 A.3.5.2): <c>struct ofp_flow_stats { uint16_t length;
/// uint8_t table_id; uint8_t pad; uint32_t duration_sec; uint32_t duration_nsec; uint16_t priority;
/// uint16_t idle_timeout; uint16_t hard_timeout; uint16_t flags; uint8_t pad2[4]; uint64_t cookie;
/// uint64_t packet_count; uint64_t byte_count; ofp_match match; ofp_instruction instructions[]; }</c>.
/// </summary>
public sealed record FlowStats
{
    public byte TableId { get; init; }
    public uint DurationSec { get; init; }
    public uint DurationNsec { get; init; }
    public ushort Priority { get; init; }
    public ushort IdleTimeout { get; init; }
    public ushort HardTimeout { get; init; }
    public OfpFlowModFlags Flags { get; init; }
    public ulong Cookie { get; init; }
    public ulong PacketCount { get; init; }
    public ulong ByteCount { get; init; }
    public Match Match { get; init; } = Match.Any;
    public EquatableArray<OfpInstruction> Instructions { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(0);
        w.U8(TableId);
        w.Zeros(1);
        w.U32(DurationSec);
        w.U32(DurationNsec);
        w.U16(Priority);
        w.U16(IdleTimeout);
        w.U16(HardTimeout);
        w.U16((ushort)Flags);
        w.Zeros(4);
        w.U64(Cookie);
        w.U64(PacketCount);
        w.U64(ByteCount);
        Match.Encode(w);
        InstructionCodec.EncodeList(w, Instructions);
        w.PatchU16(start, w.Position - start);
    }

    internal static FlowStats Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(), 56, aligned: false, "flow stats entry");
        var b = r.Sub(length, "flow stats entry");
        b.U16();
        var table = b.U8();
        b.Pad(1);
        var durationSec = b.U32();
        var durationNsec = b.U32();
        var priority = b.U16();
        var idle = b.U16();
        var hard = b.U16();
        var flags = (OfpFlowModFlags)b.U16();
        b.Pad(4);
        var cookie = b.U64();
        var packets = b.U64();
        var bytes = b.U64();
        var match = Match.Decode(ref b);
        return new FlowStats
        {
            TableId = table,
            DurationSec = durationSec,
            DurationNsec = durationNsec,
            Priority = priority,
            IdleTimeout = idle,
            HardTimeout = hard,
            Flags = flags,
            Cookie = cookie,
            PacketCount = packets,
            ByteCount = bytes,
            Match = match,
            Instructions = InstructionCodec.DecodeList(ref b),
        };
    }
}

/// <summary>OFPMP_FLOW reply: one part of the flow entries.</summary>
public sealed record FlowStatsReply : MultipartListReply<FlowStats>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Flow;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static FlowStatsReply Decode(ref OfpReader r)
    {
        var list = new List<FlowStats>();
        while (!r.IsEmpty)
            list.Add(FlowStats.Decode(ref r));
        return new FlowStatsReply { Entries = list.ToArray() };
    }
}

/// <summary>
/// OFPMP_AGGREGATE reply (spec 1.3.5 A.3.5.3): <c>struct ofp_aggregate_stats_reply { uint64_t packet_count;
/// uint64_t byte_count; uint32_t flow_count; uint8_t pad[4]; }</c>.
/// </summary>
public sealed record AggregateStatsReply : MultipartReply
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Aggregate;
    public ulong PacketCount { get; init; }
    public ulong ByteCount { get; init; }
    public uint FlowCount { get; init; }

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        writer.U64(PacketCount);
        writer.U64(ByteCount);
        writer.U32(FlowCount);
        writer.Zeros(4);
    }

    internal static AggregateStatsReply Decode(ref OfpReader r)
    {
        var m = new AggregateStatsReply { PacketCount = r.U64(), ByteCount = r.U64(), FlowCount = r.U32() };
        r.Pad(4);
        r.ExpectEnd("aggregate stats");
        return m;
    }
}
