using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// OFPT_PORT_MOD (spec 1.3.5 A.3.4.3): <c>struct ofp_port_mod { ofp_header; uint32_t port_no; uint8_t pad[4];
/// uint8_t hw_addr[6]; uint8_t pad2[2]; uint32_t config; uint32_t mask; uint32_t advertise; uint8_t pad3[4]; }</c>.
/// </summary>
public sealed record PortMod : OfpMessage
{
    public override OfpType Type => OfpType.PortMod;
    public uint PortNo { get; init; }

    /// <summary>The port's MAC (a sanity check for the switch), 6 bytes.</summary>
    public EquatableArray<byte> HwAddr { get; init; } = new byte[6];
    public OfpPortConfig Config { get; init; }

    /// <summary>Which <see cref="Config"/> bits to change.</summary>
    public OfpPortConfig Mask { get; init; }

    /// <summary>Features to advertise (0 = leave unchanged).</summary>
    public OfpPortFeatures Advertise { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U32(PortNo);
        writer.Zeros(4);
        if (HwAddr.Count != 6)
            throw new ArgumentException($"hw_addr must be 6 bytes, not {HwAddr.Count}");
        writer.Bytes(HwAddr.AsSpan());
        writer.Zeros(2);
        writer.U32((uint)Config);
        writer.U32((uint)Mask);
        writer.U32((uint)Advertise);
        writer.Zeros(4);
    }

    internal static PortMod Decode(ref OfpReader r)
    {
        var port = r.U32();
        r.Pad(4);
        var hw = r.Array(6);
        r.Pad(2);
        var m = new PortMod
        {
            PortNo = port,
            HwAddr = hw,
            Config = (OfpPortConfig)r.U32(),
            Mask = (OfpPortConfig)r.U32(),
            Advertise = (OfpPortFeatures)r.U32(),
        };
        r.Pad(4);
        r.ExpectEnd("port mod");
        return m;
    }
}

/// <summary>
/// OFPT_TABLE_MOD (spec 1.3.5 A.3.4.4): <c>struct ofp_table_mod { ofp_header; uint8_t table_id; uint8_t pad[3];
/// uint32_t config; }</c>.
/// </summary>
public sealed record TableMod : OfpMessage
{
    public override OfpType Type => OfpType.TableMod;

    /// <summary>Table to configure, or 0xff for all.</summary>
    public byte TableId { get; init; }

    /// <summary>OFPTC_* bits (deprecated in 1.3; kept as sent).</summary>
    public uint Config { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U8(TableId);
        writer.Zeros(3);
        writer.U32(Config);
    }

    internal static TableMod Decode(ref OfpReader r)
    {
        var table = r.U8();
        r.Pad(3);
        var m = new TableMod { TableId = table, Config = r.U32() };
        r.ExpectEnd("table mod");
        return m;
    }
}
