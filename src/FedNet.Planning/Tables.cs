namespace FedNet.Planning;

/// <summary>Flow tables and priorities (docs/pipeline.md explains each).</summary>
public static class Tables
{
    /// <summary>Host table 0: classify ingress (vif anti-spoofing and tagging; trunk VLANs of local networks).</summary>
    public const byte Ingress = 0;

    /// <summary>Host table 1: ARP from local vifs (responders, or to the controller).</summary>
    public const byte Arp = 1;

    /// <summary>Host table 2: L2 forwarding by (private VLAN, destination MAC).</summary>
    public const byte Forward = 2;

    /// <summary>Gateway table 0: everything (ARP proxy, translation by (VLAN or key, destination MAC)).</summary>
    public const byte Gateway = 0;

    /// <summary>Gateway ARP responders.</summary>
    public const ushort GatewayArpPriority = 200;

    /// <summary>Metered VM-pair forwarding (above plain forwarding).</summary>
    public const ushort PolicyPriority = 110;

    /// <summary>A vif's ARP for its own address bypasses the responders (no false duplicate-address answer).</summary>
    public const ushort ArpSelfPriority = 110;

    /// <summary>Forwarding, ingress and translation entries.</summary>
    public const ushort ForwardPriority = 100;

    /// <summary>A trunk VLAN of a local network admitted from seg0.</summary>
    public const ushort TrunkPriority = 90;

    /// <summary>Broadcast and multicast inside a site's part of a network.</summary>
    public const ushort BroadcastPriority = 50;

    /// <summary>Table-miss entries.</summary>
    public const ushort MissPriority = 0;
}
