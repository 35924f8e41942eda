using FedNet.Planning.State;

namespace FedNet.Planning.Simulation;

/// <summary>The header fields of an Ethernet frame the simulator tracks (one optional 802.1Q tag).</summary>
public readonly record struct Frame(
    ulong EthDst,
    ulong EthSrc,
    ushort EthType,
    int? Vlan = null,
    ushort ArpOp = 0,
    uint ArpSpa = 0,
    uint ArpTpa = 0,
    ulong ArpSha = 0,
    ulong ArpTha = 0,
    ulong TunnelId = 0)
{
    /// <summary>The broadcast address.</summary>
    public const ulong Broadcast = 0xFFFF_FFFF_FFFF;

    /// <summary>An untagged IPv4 unicast frame.</summary>
    public static Frame Unicast(ulong src, ulong dst) => new(dst, src, EtherTypes.Ipv4);

    /// <summary>An untagged broadcast ARP request "who has <paramref name="targetIp"/>".</summary>
    public static Frame ArpRequest(ulong srcMac, uint srcIp, uint targetIp) =>
        new(Broadcast, srcMac, EtherTypes.Arp, null, 1, srcIp, targetIp, srcMac, 0);

    /// <summary>True for broadcast and multicast destinations.</summary>
    public bool IsMulticast => (EthDst & 0x0100_0000_0000) != 0;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{FieldFormat.Mac(EthSrc)}>{FieldFormat.Mac(EthDst)} type=0x{EthType:x4}{(Vlan is { } v ? $" vlan={v}" : "")}" +
        (EthType == EtherTypes.Arp ? $" arp op={ArpOp} {FieldFormat.Ipv4(ArpSpa)}>{FieldFormat.Ipv4(ArpTpa)} sha={FieldFormat.Mac(ArpSha)}" : "");
}
