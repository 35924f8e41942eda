namespace FedNet.OpenFlow;

/// <summary>Names of the known OXM/NXM fields (Ryu's <c>oxm_fields</c> names for the basic class).</summary>
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
        "nxm_in_port", "nxm_eth_dst", "nxm_eth_src", "nxm_eth_type", "vlan_tci", "nw_tos", "nxm_ip_proto", "ip_src",
        "ip_dst", "nxm_tcp_src", "nxm_tcp_dst", "nxm_udp_src", "nxm_udp_dst", "icmp_type", "icmp_code", "nxm_arp_op",
        "nxm_arp_spa", "nxm_arp_tpa",
    ];

    public static string NameOf(OxmField f) => f.Class switch
    {
        OxmField.BasicClass when f.Field < Basic.Length => Basic[f.Field],
        OxmField.PacketRegsClass => $"xreg{f.Field}",
        OxmField.Nxm0Class when f.Field < Nxm0.Length => Nxm0[f.Field],
        OxmField.Nxm1Class when f.Field < 16 => $"reg{f.Field}",
        OxmField.Nxm1Class => f.Field switch
        {
            16 => "tun_id",
            17 => "nxm_arp_sha",
            18 => "nxm_arp_tha",
            31 => "tun_src",
            32 => "tun_dst",
            33 => "pkt_mark",
            _ => $"nxm1_{f.Field}",
        },
        OxmField.ExperimenterClass => $"experimenter_0x{f.Experimenter:x8}_{f.Field}",
        _ => $"oxm_0x{f.Class:x4}_{f.Field}",
    };
}
