namespace FedNet.OpenFlow;

/// <summary>
/// Identifies a match/set-field field: its OXM class, field number, value length and, for the experimenter class
/// (0xffff), the experimenter id. Covers OpenFlow basic fields (class 0x8000, <see cref="OxmField"/>'s statics),
/// packet registers (0x8001) and the Nicira NXM classes 0/1 (<see cref="NxmField"/>).
/// Wire header (spec 1.3.5 7.2.3.2): <c>class:16 | field:7 | hasmask:1 | length:8</c>.
/// </summary>
/// <param name="Class">OXM class (<c>enum ofp_oxm_class</c>).</param>
/// <param name="Field">Field number within the class (7 bits).</param>
/// <param name="Length">Length of the value in bytes (without mask and experimenter id).</param>
/// <param name="Experimenter">Experimenter id when <paramref name="Class"/> is 0xffff, else 0.</param>
public readonly record struct OxmField(ushort Class, byte Field, byte Length, uint Experimenter = 0)
{
    /// <summary>OFPXMC_NXM_0: Nicira's original fields (NXM_OF_*).</summary>
    public const ushort Nxm0Class = 0x0000;
    /// <summary>OFPXMC_NXM_1: Nicira extension fields (NXM_NX_*: registers, tunnel).</summary>
    public const ushort Nxm1Class = 0x0001;
    /// <summary>OFPXMC_OPENFLOW_BASIC.</summary>
    public const ushort BasicClass = 0x8000;
    /// <summary>OFPXMC_PACKET_REGS (xreg0-7, 64 bits each).</summary>
    public const ushort PacketRegsClass = 0x8001;
    /// <summary>OFPXMC_EXPERIMENTER.</summary>
    public const ushort ExperimenterClass = 0xffff;

    /// <summary>OFPVID_PRESENT: set in a vlan_vid value to mean "a tag is present" (spec 7.2.3.8).</summary>
    public const ushort VlanPresent = 0x1000;
    /// <summary>OFPVID_NONE: a vlan_vid value matching only untagged packets.</summary>
    public const ushort VlanNone = 0x0000;

    public static OxmField InPort { get; } = Basic(0, 4);
    public static OxmField InPhyPort { get; } = Basic(1, 4);
    public static OxmField Metadata { get; } = Basic(2, 8);
    public static OxmField EthDst { get; } = Basic(3, 6);
    public static OxmField EthSrc { get; } = Basic(4, 6);
    public static OxmField EthType { get; } = Basic(5, 2);

    /// <summary>
    /// VLAN id, 13 bits: <see cref="VlanPresent"/> | vid matches that tag, <see cref="VlanNone"/> matches untagged,
    /// value and mask 0x1000 match any tag. Set-field values must carry <see cref="VlanPresent"/> too.
    /// </summary>
    public static OxmField VlanVid { get; } = Basic(6, 2);
    public static OxmField VlanPcp { get; } = Basic(7, 1);
    public static OxmField IpDscp { get; } = Basic(8, 1);
    public static OxmField IpEcn { get; } = Basic(9, 1);
    public static OxmField IpProto { get; } = Basic(10, 1);
    public static OxmField Ipv4Src { get; } = Basic(11, 4);
    public static OxmField Ipv4Dst { get; } = Basic(12, 4);
    public static OxmField TcpSrc { get; } = Basic(13, 2);
    public static OxmField TcpDst { get; } = Basic(14, 2);
    public static OxmField UdpSrc { get; } = Basic(15, 2);
    public static OxmField UdpDst { get; } = Basic(16, 2);
    public static OxmField SctpSrc { get; } = Basic(17, 2);
    public static OxmField SctpDst { get; } = Basic(18, 2);
    public static OxmField Icmpv4Type { get; } = Basic(19, 1);
    public static OxmField Icmpv4Code { get; } = Basic(20, 1);
    public static OxmField ArpOp { get; } = Basic(21, 2);
    public static OxmField ArpSpa { get; } = Basic(22, 4);
    public static OxmField ArpTpa { get; } = Basic(23, 4);
    public static OxmField ArpSha { get; } = Basic(24, 6);
    public static OxmField ArpTha { get; } = Basic(25, 6);
    public static OxmField Ipv6Src { get; } = Basic(26, 16);
    public static OxmField Ipv6Dst { get; } = Basic(27, 16);
    public static OxmField Ipv6Flabel { get; } = Basic(28, 4);
    public static OxmField Icmpv6Type { get; } = Basic(29, 1);
    public static OxmField Icmpv6Code { get; } = Basic(30, 1);
    public static OxmField Ipv6NdTarget { get; } = Basic(31, 16);
    public static OxmField Ipv6NdSll { get; } = Basic(32, 6);
    public static OxmField Ipv6NdTll { get; } = Basic(33, 6);
    public static OxmField MplsLabel { get; } = Basic(34, 4);
    public static OxmField MplsTc { get; } = Basic(35, 1);
    public static OxmField MplsBos { get; } = Basic(36, 1);
    public static OxmField PbbIsid { get; } = Basic(37, 3);
    public static OxmField TunnelId { get; } = Basic(38, 8);
    public static OxmField Ipv6Exthdr { get; } = Basic(39, 2);

    /// <summary>Packet register xreg<paramref name="index"/> (0-7, 64 bits; OFPXMC_PACKET_REGS).</summary>
    public static OxmField XReg(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 7);
        return new OxmField(PacketRegsClass, (byte)index, 8);
    }

    /// <summary>An OpenFlow basic field.</summary>
    public static OxmField Basic(byte field, byte length) => new(BasicClass, field, length);

    /// <summary>True for the experimenter class, whose header is followed by a 4-byte experimenter id.</summary>
    public bool IsExperimenter => Class == ExperimenterClass;

    /// <summary>The 32-bit wire header for a value of <see cref="Length"/> bytes.</summary>
    public uint Header(bool hasMask = false)
    {
        var length = (Length * (hasMask ? 2 : 1)) + (IsExperimenter ? 4 : 0);
        return (uint)Class << 16 | (uint)(Field & 0x7f) << 9 | (hasMask ? 1u << 8 : 0) | (uint)(length & 0xff);
    }

    /// <summary>
    /// The field named by a 32-bit NXM/OXM header as used inside Nicira actions (no experimenter id follows); a
    /// header with the mask bit describes a value of half its length.
    /// </summary>
    public static OxmField FromHeader(uint header)
    {
        var length = (int)(header & 0xff);
        if ((header & 0x100) != 0)
            length /= 2;
        return new OxmField((ushort)(header >> 16), (byte)((header >> 9) & 0x7f), (byte)length);
    }

    /// <summary>Width of the value in bits.</summary>
    public int Bits => Length * 8;

    /// <summary>The conventional (Ryu) name: <c>eth_dst</c>, <c>reg3</c>, <c>tunnel_id_nxm</c>; a numeric form for unknown fields.</summary>
    public string Name => OxmNames.NameOf(this);

    public override string ToString() => Name;
}
