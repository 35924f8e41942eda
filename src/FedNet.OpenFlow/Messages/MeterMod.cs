using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_meter_mod_command</c> (spec 1.3.5 A.3.4.5).</summary>
public enum OfpMeterModCommand : ushort
{
    Add = 0,
    Modify = 1,
    Delete = 2,
}

/// <summary><c>enum ofp_meter_flags</c> (spec 1.3.5 A.3.4.5).</summary>
[Flags]
public enum OfpMeterFlags : ushort
{
    None = 0,
    /// <summary>Rates in kb/s.</summary>
    Kbps = 1 << 0,
    /// <summary>Rates in packets/s.</summary>
    Pktps = 1 << 1,
    Burst = 1 << 2,
    Stats = 1 << 3,
}

/// <summary>
/// A meter band (spec 1.3.5 A.3.4.5): <c>struct ofp_meter_band_header { uint16_t type; uint16_t len; uint32_t rate;
/// uint32_t burst_size; }</c> and its type-specific tail.
/// </summary>
public abstract record MeterBand
{
    private protected MeterBand()
    {
    }

    /// <summary>OFPMBT_*.</summary>
    public abstract ushort BandType { get; }

    public uint Rate { get; init; }
    public uint BurstSize { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(BandType);
        w.U16(0);
        w.U32(Rate);
        w.U32(BurstSize);
        EncodeTail(w);
        w.PatchU16(start + 2, w.Position - start);
    }

    private protected abstract void EncodeTail(OfpWriter w);

    internal static EquatableArray<MeterBand> DecodeList(ref OfpReader r)
    {
        var list = new List<MeterBand>();
        while (!r.IsEmpty)
        {
            var length = r.CheckTlvLength(r.PeekU16(2), 16, aligned: false, "meter band");
            var b = r.Sub(length, "meter band");
            var type = b.U16();
            b.U16();
            var rate = b.U32();
            var burst = b.U32();
            MeterBand band = type switch
            {
                DropBand.Code when length == 16 => new DropBand(),
                DscpRemarkBand.Code when length == 16 => new DscpRemarkBand { PrecLevel = b.U8() },
                ExperimenterBand.Code => new ExperimenterBand { Experimenter = b.U32(), Data = b.RestArray() },
                _ => new UnknownBand(type, b.RestArray()),
            };
            b.Pad(b.Remaining);
            list.Add(band with { Rate = rate, BurstSize = burst });
        }
        return list.ToArray();
    }
}

/// <summary>OFPMBT_DROP: drop packets above the rate (<c>struct ofp_meter_band_drop { header; uint8_t pad[4]; }</c>).</summary>
public sealed record DropBand : MeterBand
{
    internal const ushort Code = 1;

    public override ushort BandType => Code;

    private protected override void EncodeTail(OfpWriter w) => w.Zeros(4);
}

/// <summary>OFPMBT_DSCP_REMARK: <c>struct ofp_meter_band_dscp_remark { header; uint8_t prec_level; uint8_t pad[3]; }</c>.</summary>
public sealed record DscpRemarkBand : MeterBand
{
    internal const ushort Code = 2;

    public override ushort BandType => Code;

    /// <summary>Drop precedence to add.</summary>
    public byte PrecLevel { get; init; }

    private protected override void EncodeTail(OfpWriter w)
    {
        w.U8(PrecLevel);
        w.Zeros(3);
    }
}

/// <summary>OFPMBT_EXPERIMENTER: <c>struct ofp_meter_band_experimenter { header; uint32_t experimenter; }</c> + data.</summary>
public sealed record ExperimenterBand : MeterBand
{
    internal const ushort Code = 0xffff;

    public override ushort BandType => Code;
    public uint Experimenter { get; init; }
    public EquatableArray<byte> Data { get; init; }

    private protected override void EncodeTail(OfpWriter w)
    {
        w.U32(Experimenter);
        w.Bytes(Data.AsSpan());
    }
}

/// <summary>A band type OpenFlow 1.3 does not define, kept as the bytes after its 12-byte header.</summary>
public sealed record UnknownBand(ushort Code, EquatableArray<byte> Data) : MeterBand
{
    public override ushort BandType => Code;

    private protected override void EncodeTail(OfpWriter w) => w.Bytes(Data.AsSpan());
}

/// <summary>
/// OFPT_METER_MOD (spec 1.3.5 A.3.4.5): <c>struct ofp_meter_mod { ofp_header; uint16_t command; uint16_t flags;
/// uint32_t meter_id; ofp_meter_band_header bands[]; }</c>.
/// </summary>
public sealed record MeterMod : OfpMessage
{
    public override OfpType Type => OfpType.MeterMod;
    public OfpMeterModCommand Command { get; init; }
    public OfpMeterFlags Flags { get; init; }
    public uint MeterId { get; init; }
    public EquatableArray<MeterBand> Bands { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U16((ushort)Command);
        writer.U16((ushort)Flags);
        writer.U32(MeterId);
        foreach (var b in Bands)
            b.Encode(writer);
    }

    internal static MeterMod Decode(ref OfpReader r) => new()
    {
        Command = (OfpMeterModCommand)r.U16(),
        Flags = (OfpMeterFlags)r.U16(),
        MeterId = r.U32(),
        Bands = MeterBand.DecodeList(ref r),
    };
}
