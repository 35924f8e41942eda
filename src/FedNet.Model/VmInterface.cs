using System.Net;

namespace FedNet.Model;

/// <summary>A VM's interface (vif) on one network.</summary>
/// <param name="Network">The network's name in the same service.</param>
/// <param name="Ip">A fixed IPv4 address inside the network's CIDR; null to have one allocated.</param>
/// <param name="Mac">A fixed MAC inside the federation's prefix; null to have one allocated.</param>
/// <param name="Location">Where the interface is described.</param>
public sealed record VmInterface(string Network, IPAddress? Ip, MacAddress? Mac, SourceLocation Location = default);
