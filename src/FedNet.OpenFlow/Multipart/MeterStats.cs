using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// OFPMP_METER and OFPMP_METER_CONFIG requests (spec 1.3.5 A.3.5.10-11): <c>struct ofp_meter_multipart_request {
/// uint32_t meter_id; uint8_t pad[4]; }</c>.
/// </summary>
public abstract record MeterFilterRequest : MultipartRequest
{
    private protected MeterFilterRequest()
    {
    }

    /// <summary>Meter to read, or OFPM_ALL (0xffffffff).</summary>
    public uint MeterId { get; init; } = 0xffffffff;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
        writer.U32(MeterId);
        writer.Zeros(4);
    }

    internal static T Decode<T>(ref OfpReader r)
        where T : MeterFilterRequest, new()
    {
        var m = new T { MeterId = r.U32() };
        r.Pad(4);
        r.ExpectEnd("meter request");
        return m;
    }
}

/// <summary>OFPMP_METER request.</summary>
public sealed record MeterStatsRequest : MeterFilterRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Meter;
}

/// <summary>OFPMP_METER_CONFIG request.</summary>
public sealed record MeterConfigRequest : MeterFilterRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.MeterConfig;
}

/// <summary>Counters of one meter band: <c>struct ofp_meter_band_stats { uint64_t packet_band_count; uint64_t byte_band_count; }</c>.</summary>
public readonly record struct MeterBandStats(ulong PacketBandCount, ulong ByteBandCount);

/// <summary>
/// One meter's counters: <c>struct ofp_meter_stats { uint32_t meter_id; uint16_t len; uint8_t pad[6];
/// uint32_t flow_count; uint64_t packet_in_count; uint64_t byte_in_count; uint32_t duration_sec;
/// uint32_t duration_nsec; ofp_meter_band_stats band_stats[]; }</c>.
/// </summary>
public sealed record MeterStats
{
    public uint MeterId { get; init; }
    public uint FlowCount { get; init; }
    public ulong PacketInCount { get; init; }
    public ulong ByteInCount { get; init; }
    public uint DurationSec { get; init; }
    public uint DurationNsec { get; init; }
    public EquatableArray<MeterBandStats> BandStats { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U32(MeterId);
        w.U16(0);
        w.Zeros(6);
        w.U32(FlowCount);
        w.U64(PacketInCount);
        w.U64(ByteInCount);
        w.U32(DurationSec);
        w.U32(DurationNsec);
        foreach (var s in BandStats)
        {
            w.U64(s.PacketBandCount);
            w.U64(s.ByteBandCount);
        }
        w.PatchU16(start + 4, w.Position - start);
    }

    internal static MeterStats Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(4), 40, aligned: false, "meter stats");
        var b = r.Sub(length, "meter stats");
        var id = b.U32();
        b.U16();
        b.Pad(6);
        var s = new MeterStats { MeterId = id, FlowCount = b.U32(), PacketInCount = b.U64(), ByteInCount = b.U64(), DurationSec = b.U32(), DurationNsec = b.U32() };
        if (b.Remaining % 16 != 0)
            throw b.Error($"band counters of {b.Remaining} bytes are not a multiple of 16");
        var bands = new MeterBandStats[b.Remaining / 16];
        for (var i = 0; i < bands.Length; i++)
            bands[i] = new MeterBandStats(b.U64(), b.U64());
        return s with { BandStats = bands };
    }
}

/// <summary>OFPMP_METER reply.</summary>
public sealed record MeterStatsReply : MultipartListReply<MeterStats>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Meter;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static MeterStatsReply Decode(ref OfpReader r)
    {
        var list = new List<MeterStats>();
        while (!r.IsEmpty)
            list.Add(MeterStats.Decode(ref r));
        return new MeterStatsReply { Entries = list.ToArray() };
    }
}

/// <summary>
/// One meter's configuration: <c>struct ofp_meter_config { uint16_t length; uint16_t flags; uint32_t meter_id;
/// ofp_meter_band_header bands[]; }</c>.
/// </summary>
public sealed record MeterConfig
{
    public OfpMeterFlags Flags { get; init; }
    public uint MeterId { get; init; }
    public EquatableArray<MeterBand> Bands { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(0);
        w.U16((ushort)Flags);
        w.U32(MeterId);
        foreach (var b in Bands)
            b.Encode(w);
        w.PatchU16(start, w.Position - start);
    }

    internal static MeterConfig Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(), 8, aligned: false, "meter config");
        var b = r.Sub(length, "meter config");
        b.U16();
        var flags = (OfpMeterFlags)b.U16();
        var id = b.U32();
        return new MeterConfig { Flags = flags, MeterId = id, Bands = MeterBand.DecodeList(ref b) };
    }
}

/// <summary>OFPMP_METER_CONFIG reply.</summary>
public sealed record MeterConfigReply : MultipartListReply<MeterConfig>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.MeterConfig;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }

    internal static MeterConfigReply Decode(ref OfpReader r)
    {
        var list = new List<MeterConfig>();
        while (!r.IsEmpty)
            list.Add(MeterConfig.Decode(ref r));
        return new MeterConfigReply { Entries = list.ToArray() };
    }
}

/// <summary>OFPMP_METER_FEATURES request: empty body.</summary>
public sealed record MeterFeaturesRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.MeterFeatures;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
    }
}

/// <summary>
/// OFPMP_METER_FEATURES reply (spec 1.3.5 A.3.5.12): <c>struct ofp_meter_features { uint32_t max_meter;
/// uint32_t band_types; uint32_t capabilities; uint8_t max_bands; uint8_t max_color; uint8_t pad[2]; }</c>.
/// </summary>
public sealed record MeterFeaturesReply : MultipartReply
{
    public override OfpMultipartType MultipartType => OfpMultipartType.MeterFeatures;
    public uint MaxMeter { get; init; }
    public uint BandTypes { get; init; }
    public uint Capabilities { get; init; }
    public byte MaxBands { get; init; }
    public byte MaxColor { get; init; }

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        writer.U32(MaxMeter);
        writer.U32(BandTypes);
        writer.U32(Capabilities);
        writer.U8(MaxBands);
        writer.U8(MaxColor);
        writer.Zeros(2);
    }

    internal static MeterFeaturesReply Decode(ref OfpReader r)
    {
        var m = new MeterFeaturesReply { MaxMeter = r.U32(), BandTypes = r.U32(), Capabilities = r.U32(), MaxBands = r.U8(), MaxColor = r.U8() };
        r.Pad(2);
        r.ExpectEnd("meter features");
        return m;
    }
}
