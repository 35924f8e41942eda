using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>OFPMP_QUEUE request (spec 1.3.5 A.3.5.6): <c>struct ofp_queue_stats_request { uint32_t port_no; uint32_t queue_id; }</c>.</summary>
public sealed record QueueStatsRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Queue;
    public uint PortNo { get; init; } = OfpPortNo.Any;

    /// <summary>Queue to read, or OFPQ_ALL (0xffffffff).</summary>
    public uint QueueId { get; init; } = 0xffffffff;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
        writer.U32(PortNo);
        writer.U32(QueueId);
    }

    internal static QueueStatsRequest Decode(ref OfpReader r)
    {
        var m = new QueueStatsRequest { PortNo = r.U32(), QueueId = r.U32() };
        r.ExpectEnd("queue stats request");
        return m;
    }
}

/// <summary>
/// One queue's counters: <c>struct ofp_queue_stats { uint32_t port_no; uint32_t queue_id; uint64_t tx_bytes;
/// uint64_t tx_packets; uint64_t tx_errors; uint32_t duration_sec; uint32_t duration_nsec; }</c>.
/// </summary>
public sealed record QueueStats(uint PortNo, uint QueueId, ulong TxBytes, ulong TxPackets, ulong TxErrors, uint DurationSec, uint DurationNsec)
{
    internal void Encode(OfpWriter w)
    {
        w.U32(PortNo);
        w.U32(QueueId);
        w.U64(TxBytes);
        w.U64(TxPackets);
        w.U64(TxErrors);
        w.U32(DurationSec);
        w.U32(DurationNsec);
    }

    internal static QueueStats Decode(ref OfpReader r) => new(r.U32(), r.U32(), r.U64(), r.U64(), r.U64(), r.U32(), r.U32());
}

/// <summary>OFPMP_QUEUE reply.</summary>
public sealed record QueueStatsReply : MultipartListReply<QueueStats>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Queue;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static QueueStatsReply Decode(ref OfpReader r)
    {
        var list = new List<QueueStats>();
        while (!r.IsEmpty)
            list.Add(QueueStats.Decode(ref r));
        return new QueueStatsReply { Entries = list.ToArray() };
    }
}
