namespace FedNet.OpenFlow;

/// <summary>
/// Nicira NXM field headers (classes 0 and 1) as used by Open vSwitch's <c>reg_load</c>/<c>reg_move</c> actions and
/// matches (OVS <c>include/openflow/nicira-ext.h</c>, <c>lib/meta-flow.h</c>).
/// </summary>
public static class NxmField
{
    public static OxmField InPort { get; } = Of(0, 2);
    public static OxmField EthDst { get; } = Of(1, 6);
    public static OxmField EthSrc { get; } = Of(2, 6);
    public static OxmField EthType { get; } = Of(3, 2);
    /// <summary>NXM_OF_VLAN_TCI: the whole 802.1Q TCI; bit 12 (0x1000, CFI) set means a tag is present.</summary>
    public static OxmField VlanTci { get; } = Of(4, 2);
    public static OxmField IpTos { get; } = Of(5, 1);
    public static OxmField IpProto { get; } = Of(6, 1);
    public static OxmField IpSrc { get; } = Of(7, 4);
    public static OxmField IpDst { get; } = Of(8, 4);
    public static OxmField TcpSrc { get; } = Of(9, 2);
    public static OxmField TcpDst { get; } = Of(10, 2);
    public static OxmField UdpSrc { get; } = Of(11, 2);
    public static OxmField UdpDst { get; } = Of(12, 2);
    public static OxmField IcmpType { get; } = Of(13, 1);
    public static OxmField IcmpCode { get; } = Of(14, 1);
    public static OxmField ArpOp { get; } = Of(15, 2);
    public static OxmField ArpSpa { get; } = Of(16, 4);
    public static OxmField ArpTpa { get; } = Of(17, 4);

    /// <summary>NXM_NX_TUN_ID: the tunnel key (VXLAN VNI, GRE key).</summary>
    public static OxmField TunId { get; } = Nx(16, 8);
    public static OxmField ArpSha { get; } = Nx(17, 6);
    public static OxmField ArpTha { get; } = Nx(18, 6);
    public static OxmField TunIpv4Src { get; } = Nx(31, 4);
    public static OxmField TunIpv4Dst { get; } = Nx(32, 4);
    public static OxmField PktMark { get; } = Nx(33, 4);

    /// <summary>NXM_NX_REG<paramref name="index"/>, a 32-bit register (0-15).</summary>
    public static OxmField Reg(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 15);
        return Nx((byte)index, 4);
    }

    /// <summary>xreg<paramref name="index"/>, a 64-bit register pairing reg(2i) and reg(2i+1) (OXM packet-regs class).</summary>
    public static OxmField XReg(int index) => OxmField.XReg(index);

    private static OxmField Of(byte field, byte length) => new(OxmField.Nxm0Class, field, length);

    private static OxmField Nx(byte field, byte length) => new(OxmField.Nxm1Class, field, length);
}
