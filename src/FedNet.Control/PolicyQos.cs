using System.Globalization;
using FedNet.Ovsdb.Ensure;

namespace FedNet.Control;

/// <summary>
/// The OVSDB QoS row behind a port's <see cref="Planning.State.PortRow.EgressMaxRateKbps"/>: <c>linux-htb</c> with only
/// <c>max-rate</c> and no queues. On the netdev datapath OVS ignores set_queue, so every frame leaves by the default
/// queue: the row caps the port and cannot guarantee anything. OVS's <c>egress-policer</c> is not used: it exists for
/// DPDK ports only and is silently ignored on the system (veth/tap) ports FedNet attaches (docs/pipeline.md).
/// </summary>
public static class PolicyQos
{
    /// <summary>The QoS type FedNet writes.</summary>
    public const string Type = "linux-htb";

    /// <summary>The QoS row for a cap of <paramref name="kbps"/> kbit/s, or null for none.</summary>
    public static DesiredQos? Shaper(long kbps) => kbps <= 0
        ? null
        : new DesiredQos(Type)
        {
            OtherConfig = ValueMap.Of(("max-rate", (kbps * 1000).ToString(CultureInfo.InvariantCulture))),
        };
}
