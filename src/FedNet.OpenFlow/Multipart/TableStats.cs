using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>OFPMP_TABLE request: empty body.</summary>
public sealed record TableStatsRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Table;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
    }
}

/// <summary>
/// One table's counters (spec 1.3.5 A.3.5.4): <c>struct ofp_table_stats { uint8_t table_id; uint8_t pad[3];
/// uint32_t active_count; uint64_t lookup_count; uint64_t matched_count; }</c>.
/// </summary>
public sealed record TableStats(byte TableId, uint ActiveCount, ulong LookupCount, ulong MatchedCount)
{
    internal void Encode(OfpWriter w)
    {
        w.U8(TableId);
        w.Zeros(3);
        w.U32(ActiveCount);
        w.U64(LookupCount);
        w.U64(MatchedCount);
    }

    internal static TableStats Decode(ref OfpReader r)
    {
        var id = r.U8();
        r.Pad(3);
        return new TableStats(id, r.U32(), r.U64(), r.U64());
    }
}

/// <summary>OFPMP_TABLE reply.</summary>
public sealed record TableStatsReply : MultipartListReply<TableStats>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Table;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static TableStatsReply Decode(ref OfpReader r)
    {
        var list = new List<TableStats>();
        while (!r.IsEmpty)
            list.Add(TableStats.Decode(ref r));
        return new TableStatsReply { Entries = list.ToArray() };
    }
}
