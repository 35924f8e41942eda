using System.Buffers.Binary;

namespace FedNet.Evaluation.Arp;

/// <summary>
/// What crossed one transit during a capture. On a tunnel underlay the tenant frames are the inner frames of GRE
/// (protocol 0x6558) and VXLAN (UDP 4789) packets. On a VPLS port every frame is looked at for ARP (no lab interface
/// there has an IPv4 address, so any ARP frame is a tenant's), while tenant frames and multicast count only frames
/// tagged with one of the transit's public VLANs: the link's own kernel interfaces send untagged IPv6 neighbour
/// discovery that FedNet's switches never forwarded.
/// </summary>
/// <param name="Captured">Frames in the capture file.</param>
/// <param name="TenantFrames">Tenant frames found in them (proves the capture saw the experiment's traffic).</param>
/// <param name="Arp">ARP frames (any destination).</param>
/// <param name="ArpBroadcasts">ARP frames sent to ff:ff:ff:ff:ff:ff: FedNet promises none (DESIGN.md, mechanism 5).</param>
/// <param name="Multicast">Tenant frames to any group address (broadcast included).</param>
public sealed record TransitFrameCount(int Captured, int TenantFrames, int Arp, int ArpBroadcasts, int Multicast)
{
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort EtherTypeArp = 0x0806;
    private const ushort EtherTypeVlan = 0x8100;
    private const ushort EtherTypeQinQ = 0x88a8;
    private const ushort GreTransparentEthernet = 0x6558;
    private const byte IpProtoGre = 47;
    private const byte IpProtoUdp = 17;
    private const ushort VxlanPort = 4789;

    private static ReadOnlySpan<byte> BroadcastMac => [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

    /// <summary>No frames.</summary>
    public static TransitFrameCount Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Sums two counts.</summary>
    public TransitFrameCount Add(TransitFrameCount other) => new(Captured + other.Captured, TenantFrames + other.TenantFrames,
        Arp + other.Arp, ArpBroadcasts + other.ArpBroadcasts, Multicast + other.Multicast);

    /// <summary>
    /// Counts a classic pcap file (tcpdump <c>-w</c>, link type Ethernet). <paramref name="tunnel"/>: the frames are
    /// underlay packets whose payload is the tenant frame (GRE/VXLAN); otherwise they are VPLS frames, tenant frames when
    /// tagged with one of <paramref name="publicVlans"/>. A truncated last record (tcpdump stopped mid-write) is ignored;
    /// anything else malformed throws naming the offset.
    /// </summary>
    public static TransitFrameCount FromPcap(ReadOnlySpan<byte> file, bool tunnel, IReadOnlyCollection<int>? publicVlans = null)
    {
        // pcap global header (24 bytes): magic, version, thiszone, sigfigs, snaplen, network (link type).
        if (file.Length < 24)
            throw new FormatException($"pcap: {file.Length} bytes, shorter than the 24-byte global header");
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        var little = magic is 0xa1b2c3d4 or 0xa1b23c4d;
        if (!little && magic is not (0xd4c3b2a1 or 0x4d3cb2a1))
            throw new FormatException($"pcap: bad magic 0x{magic:x8} at offset 0");
        var linkType = Read32(file[20..], little);
        if (linkType != 1)
            throw new FormatException($"pcap: link type {linkType} at offset 20, expected 1 (Ethernet)");
        int captured = 0, tenant = 0, arp = 0, arpBroadcast = 0, multicast = 0;
        var offset = 24;
        while (offset + 16 <= file.Length)
        {
            // Record header (16 bytes): ts_sec, ts_usec, incl_len, orig_len.
            var inclLen = Read32(file[(offset + 8)..], little);
            if (inclLen > 262_144)
                throw new FormatException($"pcap: record at offset {offset} claims {inclLen} bytes");
            if (offset + 16 + (long)inclLen > file.Length)
                break;
            var frame = file.Slice(offset + 16, (int)inclLen);
            offset += 16 + (int)inclLen;
            captured++;
            var inner = tunnel ? TunnelPayload(frame) : frame;
            if (inner.Length < 14)
                continue;
            var isTenant = tunnel || (OuterVlan(inner) is { } vid && publicVlans?.Contains(vid) == true);
            if (isTenant)
            {
                tenant++;
                if ((inner[0] & 1) != 0)
                    multicast++;
            }
            if (EtherType(inner) == EtherTypeArp)
            {
                arp++;
                if (inner[..6].SequenceEqual(BroadcastMac))
                    arpBroadcast++;
            }
        }
        return new TransitFrameCount(captured, tenant, arp, arpBroadcast, multicast);
    }

    /// <summary>The ethertype after any 802.1Q/802.1ad tags, or 0 when the frame is too short.</summary>
    internal static ushort EtherType(ReadOnlySpan<byte> frame)
    {
        var at = 12;
        while (at + 2 <= frame.Length)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
            if (type is not (EtherTypeVlan or EtherTypeQinQ))
                return type;
            at += 4;
        }
        return 0;
    }

    /// <summary>The VLAN id of the outer 802.1Q/802.1ad tag, or null for an untagged frame.</summary>
    internal static int? OuterVlan(ReadOnlySpan<byte> frame) =>
        frame.Length >= 16 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) is EtherTypeVlan or EtherTypeQinQ
            ? BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) & 0x0fff
            : null;

    /// <summary>The tenant frame inside a GRE (RFC 2784/2890) or VXLAN (RFC 7348) underlay frame; empty if it is neither.</summary>
    internal static ReadOnlySpan<byte> TunnelPayload(ReadOnlySpan<byte> frame)
    {
        var at = 12;
        while (at + 2 <= frame.Length && BinaryPrimitives.ReadUInt16BigEndian(frame[at..]) is EtherTypeVlan or EtherTypeQinQ)
            at += 4;
        if (at + 2 > frame.Length || BinaryPrimitives.ReadUInt16BigEndian(frame[at..]) != EtherTypeIpv4)
            return [];
        var ip = frame[(at + 2)..];
        if (ip.Length < 20 || ip[0] >> 4 != 4)
            return [];
        var ihl = (ip[0] & 0x0f) * 4;
        if (ip.Length < ihl)
            return [];
        var payload = ip[ihl..];
        switch (ip[9])
        {
            case IpProtoGre:
            {
                // GRE: flags+version (C=0x8000 adds checksum+reserved, K=0x2000 a key, S=0x1000 a sequence number), protocol.
                if (payload.Length < 4)
                    return [];
                var flags = BinaryPrimitives.ReadUInt16BigEndian(payload);
                if (BinaryPrimitives.ReadUInt16BigEndian(payload[2..]) != GreTransparentEthernet)
                    return [];
                var header = 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0) + ((flags & 0x1000) != 0 ? 4 : 0);
                return payload.Length < header ? [] : payload[header..];
            }
            case IpProtoUdp:
                // UDP header (8) then the VXLAN header (8).
                return payload.Length < 16 || BinaryPrimitives.ReadUInt16BigEndian(payload[2..]) != VxlanPort ? [] : payload[16..];
            default:
                return [];
        }
    }

    private static uint Read32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
