using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// An OXM match (spec 1.3.5 7.2.3.1: <c>struct ofp_match { uint16_t type; uint16_t length; uint8_t oxm_fields[];
/// pad to 8 }</c>). Immutable; each builder method returns a new match with that field set (replacing an earlier
/// value of the same field):
/// <code>Match.Any.InPort(1).VlanVid(100).EthDst(mac)</code>
/// VLAN semantics follow OFPVID_PRESENT: <see cref="VlanVid"/> matches a tag with that id, <see cref="Untagged"/> only
/// untagged frames, <see cref="AnyVlanTag"/> any tagged frame.
/// </summary>
/// <param name="Fields">The OXM TLVs in wire order.</param>
public sealed record Match(EquatableArray<Oxm> Fields)
{
    /// <summary>OFPMT_OXM.</summary>
    internal const ushort OxmMatchType = 1;

    /// <summary>The empty match (every packet).</summary>
    public static Match Any { get; } = new(EquatableArray<Oxm>.Empty);

    /// <summary>Sets <paramref name="oxm"/>, replacing any TLV of the same field.</summary>
    public Match With(Oxm oxm)
    {
        ArgumentNullException.ThrowIfNull(oxm);
        var list = new List<Oxm>(Fields.Count + 1);
        var replaced = false;
        foreach (var f in Fields)
        {
            if (f.Field == oxm.Field)
            {
                list.Add(oxm);
                replaced = true;
            }
            else
            {
                list.Add(f);
            }
        }
        if (!replaced)
            list.Add(oxm);
        return new Match(list.ToArray());
    }

    /// <summary>Sets an integer field (with optional mask).</summary>
    public Match With(OxmField field, ulong value, ulong? mask = null) => With(Oxm.Of(field, value, mask));

    /// <summary>The TLV of <paramref name="field"/>, or null.</summary>
    public Oxm? Get(OxmField field)
    {
        foreach (var f in Fields)
        {
            if (f.Field == field)
                return f;
        }
        return null;
    }

    public Match InPort(uint port) => With(OxmField.InPort, port);

    public Match Metadata(ulong value, ulong? mask = null) => With(OxmField.Metadata, value, mask);

    public Match EthType(ushort etherType) => With(OxmField.EthType, etherType);

    public Match EthDst(PhysicalAddress mac) => With(Oxm.Of(OxmField.EthDst, Mac(mac)));

    public Match EthDst(PhysicalAddress mac, PhysicalAddress mask) => With(Oxm.Of(OxmField.EthDst, Mac(mac), Mac(mask)));

    public Match EthSrc(PhysicalAddress mac) => With(Oxm.Of(OxmField.EthSrc, Mac(mac)));

    /// <summary>Frames tagged with <paramref name="vid"/> (0-4095); sets OFPVID_PRESENT for you.</summary>
    public Match VlanVid(ushort vid) => With(OxmField.VlanVid, (ulong)(OxmField.VlanPresent | (vid & 0xfff)));

    /// <summary>Only untagged frames (vlan_vid = OFPVID_NONE).</summary>
    public Match Untagged() => With(OxmField.VlanVid, OxmField.VlanNone);

    /// <summary>Any tagged frame (vlan_vid = OFPVID_PRESENT/OFPVID_PRESENT).</summary>
    public Match AnyVlanTag() => With(OxmField.VlanVid, OxmField.VlanPresent, OxmField.VlanPresent);

    public Match VlanPcp(byte pcp) => With(OxmField.VlanPcp, pcp);

    public Match IpProto(byte protocol) => With(OxmField.IpProto, protocol);

    /// <summary>IPv4 source, optionally a prefix (also sets nothing else: add <see cref="EthType"/> 0x0800 yourself).</summary>
    public Match Ipv4Src(IPAddress address, int prefixLength = 32) => Ipv4(OxmField.Ipv4Src, address, prefixLength);

    public Match Ipv4Dst(IPAddress address, int prefixLength = 32) => Ipv4(OxmField.Ipv4Dst, address, prefixLength);

    public Match TcpDst(ushort port) => With(OxmField.TcpDst, port);

    public Match UdpDst(ushort port) => With(OxmField.UdpDst, port);

    public Match ArpOp(ushort op) => With(OxmField.ArpOp, op);

    public Match ArpSpa(IPAddress address, int prefixLength = 32) => Ipv4(OxmField.ArpSpa, address, prefixLength);

    public Match ArpTpa(IPAddress address, int prefixLength = 32) => Ipv4(OxmField.ArpTpa, address, prefixLength);

    public Match TunnelId(ulong id, ulong? mask = null) => With(OxmField.TunnelId, id, mask);

    /// <summary>Nicira register reg<paramref name="index"/> (OVS extension).</summary>
    public Match Register(int index, uint value, uint? mask = null) => With(NxmField.Reg(index), value, mask);

    public override string ToString() => Fields.IsEmpty ? "any" : string.Join(",", Fields);

    internal static byte[] Mac(PhysicalAddress mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var bytes = mac.GetAddressBytes();
        if (bytes.Length != 6)
            throw new ArgumentException($"a MAC has 6 bytes, not {bytes.Length}", nameof(mac));
        return bytes;
    }

    private Match Ipv4(OxmField field, IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        return prefixLength == 32
            ? With(field, value)
            : With(field, value & PrefixMask(prefixLength), PrefixMask(prefixLength));
    }

    private static uint PrefixMask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(OxmMatchType);
        w.U16(0);
        foreach (var f in Fields)
            f.Encode(w);
        w.PatchU16(start + 2, w.Position - start);
        w.PadTo8(start);
    }

    // struct ofp_match (spec 1.3.5 7.2.3.1): length excludes the trailing padding to 8.
    internal static Match Decode(ref OfpReader r)
    {
        var start = r.Offset;
        var type = r.U16();
        if (type != OxmMatchType)
            throw new OpenFlowProtocolException($"match type {type} is not OFPMT_OXM (1)", start);
        var length = r.PeekU16();
        if (length < 4)
            throw r.Error($"match length {length} is shorter than its 4-byte header");
        r.U16();
        var body = r.Sub(length - 4, "match");
        r.PadTo8(length);
        if (body.IsEmpty)
            return Any;
        // Each OXM is its 4-byte header plus the length in the header's last byte.
        return new Match(ListDecoder.Decode(ref body, body.CountTlvs(3, 1, 4, 4), Oxm.Decode));
    }
}
