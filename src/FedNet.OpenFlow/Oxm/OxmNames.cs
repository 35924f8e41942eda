namespace FedNet.OpenFlow;

/// <summary>Names of the known OXM/NXM fields, as Ryu spells them (basic class as in the spec, NXM with an <c>_nxm</c> suffix where they clash).</summary>
internal static class OxmNames
{
    private static readonly string[] Basic =
    [
        "in_port", "in_phy_port", "metadata", "eth_dst", "eth_src", "eth_type", "vlan_vid", "vlan_pcp", "ip_dscp",
        "ip_ecn", "ip_proto", "ipv4_src", "ipv4_dst", "tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src",
        "sctp_dst", "icmpv4_type", "icmpv4_code", "arp_op", "arp_spa", "arp_tpa", "arp_sha", "arp_tha", "ipv6_src",
        "ipv6_dst", "ipv6_flabel", "icmpv6_type", "icmpv6_code", "ipv6_nd_target", "ipv6_nd_sll", "ipv6_nd_tll",
        "mpls_label", "mpls_tc", "mpls_bos", "pbb_isid", "tunnel_id", "ipv6_exthdr",
    ];

    private static readonly string[] Nxm0 =
    [
        "in_port_nxm", "eth_dst_nxm", "eth_src_nxm", "eth_type_nxm", "vlan_tci", "ip_dscp_nxm", "ip_proto_nxm",
        "ipv4_src_nxm", "ipv4_dst_nxm", "tcp_src_nxm", "tcp_dst_nxm", "udp_src_nxm", "udp_dst_nxm", "icmpv4_type_nxm",
        "icmpv4_code_nxm", "arp_op_nxm", "arp_spa_nxm", "arp_tpa_nxm",
    ];

    public static string NameOf(OxmField f) => f.Class switch
    {
        OxmField.BasicClass when f.Field < Basic.Length => Basic[f.Field],
        OxmField.PacketRegsClass => $"xreg{f.Field}",
        OxmField.Nxm0Class when f.Field < Nxm0.Length => Nxm0[f.Field],
        OxmField.Nxm1Class when f.Field < 16 => $"reg{f.Field}",
        OxmField.Nxm1Class => f.Field switch
        {
            16 => "tunnel_id_nxm",
            17 => "arp_sha_nxm",
            18 => "arp_tha_nxm",
            19 => "ipv6_src_nxm",
            20 => "ipv6_dst_nxm",
            31 => "tun_ipv4_src",
            32 => "tun_ipv4_dst",
            33 => "pkt_mark",
            37 => "conj_id",
            _ => $"nxm1_{f.Field}",
        },
        OxmField.ExperimenterClass => $"experimenter_0x{f.Experimenter:x8}_{f.Field}",
        _ => $"oxm_0x{f.Class:x4}_{f.Field}",
    };
}
