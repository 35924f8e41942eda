using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>OFPMP_GROUP request (spec 1.3.5 A.3.5.7): <c>struct ofp_group_stats_request { uint32_t group_id; uint8_t pad[4]; }</c>.</summary>
public sealed record GroupStatsRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Group;

    /// <summary>Group to read, or OFPG_ALL (0xfffffffc).</summary>
    public uint GroupId { get; init; } = 0xfffffffc;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
        writer.U32(GroupId);
        writer.Zeros(4);
    }

    internal static GroupStatsRequest Decode(ref OfpReader r)
    {
        var m = new GroupStatsRequest { GroupId = r.U32() };
        r.Pad(4);
        r.ExpectEnd("group stats request");
        return m;
    }
}

/// <summary>Counters of one bucket: <c>struct ofp_bucket_counter { uint64_t packet_count; uint64_t byte_count; }</c>.</summary>
public readonly record struct BucketCounter(ulong PacketCount, ulong ByteCount);

/// <summary>
/// One group's counters: <c>struct ofp_group_stats { uint16_t length; uint8_t pad[2]; uint32_t group_id;
/// uint32_t ref_count; uint8_t pad2[4]; uint64_t packet_count; uint64_t byte_count; uint32_t duration_sec;
/// uint32_t duration_nsec; ofp_bucket_counter bucket_stats[]; }</c>.
/// </summary>
public sealed record GroupStats
{
    public uint GroupId { get; init; }
    public uint RefCount { get; init; }
    public ulong PacketCount { get; init; }
    public ulong ByteCount { get; init; }
    public uint DurationSec { get; init; }
    public uint DurationNsec { get; init; }
    public EquatableArray<BucketCounter> BucketStats { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(0);
        w.Zeros(2);
        w.U32(GroupId);
        w.U32(RefCount);
        w.Zeros(4);
        w.U64(PacketCount);
        w.U64(ByteCount);
        w.U32(DurationSec);
        w.U32(DurationNsec);
        foreach (var c in BucketStats)
        {
            w.U64(c.PacketCount);
            w.U64(c.ByteCount);
        }
        w.PatchU16(start, w.Position - start);
    }

    internal static GroupStats Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(), 40, aligned: false, "group stats");
        var b = r.Sub(length, "group stats");
        b.U16();
        b.Pad(2);
        var id = b.U32();
        var refs = b.U32();
        b.Pad(4);
        var s = new GroupStats { GroupId = id, RefCount = refs, PacketCount = b.U64(), ByteCount = b.U64(), DurationSec = b.U32(), DurationNsec = b.U32() };
        if (b.Remaining % 16 != 0)
            throw b.Error($"bucket counters of {b.Remaining} bytes are not a multiple of 16");
        var counters = new BucketCounter[b.Remaining / 16];
        for (var i = 0; i < counters.Length; i++)
            counters[i] = new BucketCounter(b.U64(), b.U64());
        return s with { BucketStats = counters };
    }
}

/// <summary>OFPMP_GROUP reply.</summary>
public sealed record GroupStatsReply : MultipartListReply<GroupStats>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Group;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static GroupStatsReply Decode(ref OfpReader r)
    {
        var list = new List<GroupStats>();
        while (!r.IsEmpty)
            list.Add(GroupStats.Decode(ref r));
        return new GroupStatsReply { Entries = list.ToArray() };
    }
}

/// <summary>OFPMP_GROUP_DESC request: empty body.</summary>
public sealed record GroupDescRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.GroupDesc;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
    }
}

/// <summary>
/// One group's definition (spec 1.3.5 A.3.5.8): <c>struct ofp_group_desc { uint16_t length; uint8_t type;
/// uint8_t pad; uint32_t group_id; ofp_bucket buckets[]; }</c>.
/// </summary>
public sealed record GroupDesc
{
    public OfpGroupType GroupType { get; init; }
    public uint GroupId { get; init; }
    public EquatableArray<Bucket> Buckets { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(0);
        w.U8((byte)GroupType);
        w.Zeros(1);
        w.U32(GroupId);
        Bucket.EncodeList(w, Buckets);
        w.PatchU16(start, w.Position - start);
    }

    internal static GroupDesc Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(), 8, aligned: false, "group desc");
        var b = r.Sub(length, "group desc");
        b.U16();
        var type = (OfpGroupType)b.U8();
        b.Pad(1);
        var id = b.U32();
        return new GroupDesc { GroupType = type, GroupId = id, Buckets = Bucket.DecodeList(ref b) };
    }
}

/// <summary>OFPMP_GROUP_DESC reply.</summary>
public sealed record GroupDescReply : MultipartListReply<GroupDesc>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.GroupDesc;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static GroupDescReply Decode(ref OfpReader r)
    {
        var list = new List<GroupDesc>();
        while (!r.IsEmpty)
            list.Add(GroupDesc.Decode(ref r));
        return new GroupDescReply { Entries = list.ToArray() };
    }
}

/// <summary>OFPMP_GROUP_FEATURES request: empty body.</summary>
public sealed record GroupFeaturesRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.GroupFeatures;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
    }
}

/// <summary>
/// OFPMP_GROUP_FEATURES reply (spec 1.3.5 A.3.5.9): <c>struct ofp_group_features { uint32_t types;
/// uint32_t capabilities; uint32_t max_groups[4]; uint32_t actions[4]; }</c>.
/// </summary>
public sealed record GroupFeaturesReply : MultipartReply
{
    public override OfpMultipartType MultipartType => OfpMultipartType.GroupFeatures;

    /// <summary>Bitmap of supported OFPGT_* types.</summary>
    public uint Types { get; init; }

    /// <summary>OFPGFC_* bits.</summary>
    public uint Capabilities { get; init; }

    /// <summary>Maximum groups per type (4 entries).</summary>
    public EquatableArray<uint> MaxGroups { get; init; } = new uint[4];

    /// <summary>Bitmaps of OFPAT_* supported per type (4 entries).</summary>
    public EquatableArray<uint> Actions { get; init; } = new uint[4];

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        writer.U32(Types);
        writer.U32(Capabilities);
        if (MaxGroups.Count != 4 || Actions.Count != 4)
            throw new ArgumentException("group features carry exactly 4 max_groups and 4 actions entries");
        foreach (var v in MaxGroups)
            writer.U32(v);
        foreach (var v in Actions)
            writer.U32(v);
    }

    internal static GroupFeaturesReply Decode(ref OfpReader r)
    {
        var m = new GroupFeaturesReply
        {
            Types = r.U32(),
            Capabilities = r.U32(),
            MaxGroups = new[] { r.U32(), r.U32(), r.U32(), r.U32() },
            Actions = new[] { r.U32(), r.U32(), r.U32(), r.U32() },
        };
        r.ExpectEnd("group features");
        return m;
    }
}
