namespace FedNet.Planning.State;

/// <summary>What a flow exists for; the second byte of its cookie.</summary>
public enum CookieKind : byte
{
    /// <summary>Per-switch plumbing: default drops, trunk classification.</summary>
    Infrastructure = 0x01,
    /// <summary>A vif's ingress: anti-spoofing and tagging with the private VLAN.</summary>
    VifIngress = 0x02,
    /// <summary>An in-switch ARP responder for one vif.</summary>
    ArpResponder = 0x03,
    /// <summary>ARP sent to the controller (networks with <c>arp: controller</c>).</summary>
    ArpController = 0x04,
    /// <summary>Delivery to a vif on this host.</summary>
    LocalDelivery = 0x05,
    /// <summary>Forwarding to a vif elsewhere (on the segment trunk).</summary>
    RemoteForward = 0x06,
    /// <summary>Broadcast and multicast inside one site's part of a network.</summary>
    Broadcast = 0x07,
    /// <summary>Gateway: from the site toward a transit (the paper's vlan2vlan, private to public).</summary>
    GatewayEgress = 0x08,
    /// <summary>Gateway: from a transit into the site (public to private).</summary>
    GatewayIngress = 0x09,
    /// <summary>Gateway: from one transit onto another (multi-hop paths).</summary>
    GatewayTransit = 0x0A,
    /// <summary>A rate-limit policy (metered forwarding).</summary>
    Policy = 0x0B,
}

/// <summary>
/// Cookie layout (64 bits, big-endian view): <c>0xFE | kind (8) | network id (24) | item (24)</c>. 0xFE marks FedNet's
/// flows; the network id is the allocated <see cref="Allocations.NetworkIds"/> number (0 for infrastructure); the item
/// is a vif id (<see cref="Allocations.VifIds"/>), a transit index or a policy's meter id, depending on the kind.
/// A reconciler deletes every flow whose cookie starts with 0xFE and is not desired (cookie match with mask).
/// </summary>
public static class Cookies
{
    /// <summary>The first byte of every FedNet cookie.</summary>
    public const ulong Marker = 0xFEul << 56;

    /// <summary>Mask selecting the marker byte.</summary>
    public const ulong MarkerMask = 0xFFul << 56;

    /// <summary>Mask selecting marker, kind and network: all flows of one network on a switch.</summary>
    public const ulong NetworkMask = 0xFFFF_FFFF_FF00_0000;

    /// <summary>The cookie of a flow of <paramref name="kind"/> for <paramref name="network"/> and <paramref name="item"/>.</summary>
    public static ulong Make(CookieKind kind, int network, int item) =>
        Marker | ((ulong)kind << 48) | ((ulong)(uint)(network & 0xFFFFFF) << 24) | (uint)(item & 0xFFFFFF);

    /// <summary>The kind byte.</summary>
    public static CookieKind KindOf(ulong cookie) => (CookieKind)(byte)(cookie >> 48);

    /// <summary>The network id.</summary>
    public static int NetworkOf(ulong cookie) => (int)((cookie >> 24) & 0xFFFFFF);

    /// <summary>The item.</summary>
    public static int ItemOf(ulong cookie) => (int)(cookie & 0xFFFFFF);

    /// <summary>True when the flow is FedNet's.</summary>
    public static bool IsFedNet(ulong cookie) => (cookie & MarkerMask) == Marker;
}
