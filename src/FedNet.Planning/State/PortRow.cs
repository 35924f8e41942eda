namespace FedNet.Planning.State;

/// <summary>A desired OVSDB Port with its single Interface.</summary>
/// <param name="Name">Port and interface name.</param>
/// <param name="Type">Interface type.</param>
/// <param name="Options">Interface options (peer, remote_ip, local_ip, key).</param>
/// <param name="Tag">Port tag (access VLAN), if any.</param>
/// <param name="Trunks">Port trunks (empty = all VLANs, for a trunk).</param>
/// <param name="VlanMode">Port vlan_mode, if set.</param>
/// <param name="OfportRequest">Interface ofport_request, so flows can name the port before it exists.</param>
/// <param name="IngressPolicingRateKbps">Interface ingress_policing_rate (kbit/s), 0 = none.</param>
/// <param name="ExternalIds">Ownership: <c>fednet-owner</c> and what the row belongs to.</param>
public sealed record PortRow(
    string Name,
    InterfaceType Type,
    ValueMap<string, string> Options,
    int? Tag,
    EquatableArray<int> Trunks,
    PortVlanMode? VlanMode,
    int? OfportRequest,
    long IngressPolicingRateKbps,
    ValueMap<string, string> ExternalIds)
{
    /// <summary>
    /// A cap on what the switch sends out of this port, in kbit/s (0 = none): a QoS row of type <c>linux-htb</c> with
    /// <c>max-rate</c>. On the netdev datapath a system port's frames leave through the kernel device, so its qdisc shapes
    /// them; egress-policer (DPDK ports only) and ingress_policing_rate do nothing there.
    /// </summary>
    public long EgressMaxRateKbps { get; init; }
}
