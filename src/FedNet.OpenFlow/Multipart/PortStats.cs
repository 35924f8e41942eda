using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>OFPMP_PORT_STATS request (spec 1.3.5 A.3.5.5): <c>struct ofp_port_stats_request { uint32_t port_no; uint8_t pad[4]; }</c>.</summary>
public sealed record PortStatsRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.PortStats;

    /// <summary>Port to read, or OFPP_ANY for all.</summary>
    public uint PortNo { get; init; } = OfpPortNo.Any;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
        writer.U32(PortNo);
        writer.Zeros(4);
    }

    internal static PortStatsRequest Decode(ref OfpReader r)
    {
        var m = new PortStatsRequest { PortNo = r.U32() };
        r.Pad(4);
        r.ExpectEnd("port stats request");
        return m;
    }
}

/// <summary>
/// One port's counters (spec 1.3.5 A.3.5.5): <c>struct ofp_port_stats { uint32_t port_no; uint8_t pad[4];
/// uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes, rx_dropped, tx_dropped, rx_errors, tx_errors, rx_frame_err,
/// rx_over_err, rx_crc_err, collisions; uint32_t duration_sec; uint32_t duration_nsec; }</c>.
/// </summary>
public sealed record PortStats
{
    public uint PortNo { get; init; }
    public ulong RxPackets { get; init; }
    public ulong TxPackets { get; init; }
    public ulong RxBytes { get; init; }
    public ulong TxBytes { get; init; }
    public ulong RxDropped { get; init; }
    public ulong TxDropped { get; init; }
    public ulong RxErrors { get; init; }
    public ulong TxErrors { get; init; }
    public ulong RxFrameErr { get; init; }
    public ulong RxOverErr { get; init; }
    public ulong RxCrcErr { get; init; }
    public ulong Collisions { get; init; }
    public uint DurationSec { get; init; }
    public uint DurationNsec { get; init; }

    internal void Encode(OfpWriter w)
    {
        w.U32(PortNo);
        w.Zeros(4);
        foreach (var v in (ReadOnlySpan<ulong>)[RxPackets, TxPackets, RxBytes, TxBytes, RxDropped, TxDropped, RxErrors, TxErrors, RxFrameErr, RxOverErr, RxCrcErr, Collisions])
            w.U64(v);
        w.U32(DurationSec);
        w.U32(DurationNsec);
    }

    internal static PortStats Decode(ref OfpReader r)
    {
        var port = r.U32();
        r.Pad(4);
        return new PortStats
        {
            PortNo = port,
            RxPackets = r.U64(),
            TxPackets = r.U64(),
            RxBytes = r.U64(),
            TxBytes = r.U64(),
            RxDropped = r.U64(),
            TxDropped = r.U64(),
            RxErrors = r.U64(),
            TxErrors = r.U64(),
            RxFrameErr = r.U64(),
            RxOverErr = r.U64(),
            RxCrcErr = r.U64(),
            Collisions = r.U64(),
            DurationSec = r.U32(),
            DurationNsec = r.U32(),
        };
    }
}

/// <summary>OFPMP_PORT_STATS reply.</summary>
public sealed record PortStatsReply : MultipartListReply<PortStats>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.PortStats;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static PortStatsReply Decode(ref OfpReader r)
    {
        var list = new List<PortStats>();
        while (!r.IsEmpty)
            list.Add(PortStats.Decode(ref r));
        return new PortStatsReply { Entries = list.ToArray() };
    }
}

/// <summary>OFPMP_PORT_DESC request: empty body.</summary>
public sealed record PortDescRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.PortDesc;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
    }
}

/// <summary>OFPMP_PORT_DESC reply (spec 1.3.5 A.3.5.14): an array of <see cref="OfpPort"/>.</summary>
public sealed record PortDescReply : MultipartListReply<OfpPort>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.PortDesc;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static PortDescReply Decode(ref OfpReader r)
    {
        var list = new List<OfpPort>();
        while (!r.IsEmpty)
            list.Add(OfpPort.Decode(ref r));
        return new PortDescReply { Entries = list.ToArray() };
    }
}
