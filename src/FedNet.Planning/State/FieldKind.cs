namespace FedNet.Planning.State;

/// <summary>
/// The packet fields FedNet matches on or writes, independent of any wire library. The controller maps each to its
/// OXM (OpenFlow 1.3 §7.2.3.7) or Nicira NXM field. Declaration order is the canonical order of fields in a match.
/// </summary>
public enum FieldKind
{
    /// <summary>OXM_OF_IN_PORT (32 bits).</summary>
    InPort,
    /// <summary>NXM_NX_REG0 (32 bits): FedNet uses it to mark a frame that entered from a local vif.</summary>
    Reg0,
    /// <summary>OXM_OF_TUNNEL_ID (64 bits): the per-network key on a GRE/VXLAN transit.</summary>
    TunnelId,
    /// <summary>OXM_OF_ETH_DST (48 bits).</summary>
    EthDst,
    /// <summary>OXM_OF_ETH_SRC (48 bits).</summary>
    EthSrc,
    /// <summary>OXM_OF_ETH_TYPE (16 bits).</summary>
    EthType,
    /// <summary>OXM_OF_VLAN_VID (13 bits): the VID with <see cref="Vlan.Present"/> (OFPVID_PRESENT, 0x1000) set.</summary>
    VlanVid,
    /// <summary>OXM_OF_ARP_OP (16 bits).</summary>
    ArpOp,
    /// <summary>OXM_OF_ARP_SPA (32 bits).</summary>
    ArpSpa,
    /// <summary>OXM_OF_ARP_TPA (32 bits).</summary>
    ArpTpa,
    /// <summary>OXM_OF_ARP_SHA (48 bits).</summary>
    ArpSha,
    /// <summary>OXM_OF_ARP_THA (48 bits).</summary>
    ArpTha,
}

/// <summary>VLAN constants.</summary>
public static class Vlan
{
    /// <summary>OFPVID_PRESENT (OpenFlow 1.3 §7.2.3.8): set in a vlan_vid match or set_field when a tag is present.</summary>
    public const ushort Present = 0x1000;

    /// <summary>The 802.1Q TPID used by push_vlan.</summary>
    public const ushort EtherType8021Q = 0x8100;
}

/// <summary>Ethertypes FedNet matches.</summary>
public static class EtherTypes
{
    /// <summary>ARP.</summary>
    public const ushort Arp = 0x0806;

    /// <summary>IPv4.</summary>
    public const ushort Ipv4 = 0x0800;
}
