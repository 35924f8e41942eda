namespace FedNet.Model;

/// <summary>One tenant's isolated L2 domain with its own IPv4 subnet.</summary>
/// <param name="Name">Unique in its service.</param>
/// <param name="Cidr">The subnet vif addresses come from.</param>
/// <param name="Arp">Who answers ARP; <see cref="ArpMode.Switch"/> when not written.</param>
/// <param name="Location">Where the network is described.</param>
public sealed record Network(string Name, Ipv4Cidr Cidr, ArpMode Arp, SourceLocation Location = default);
