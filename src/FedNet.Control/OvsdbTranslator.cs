using FedNet.Ovsdb.Ensure;
using FedNet.Planning.State;

namespace FedNet.Control;

/// <summary>Translates the planner's Bridge and Port rows of one node into the OVSDB client's desired state.</summary>
public static class OvsdbTranslator
{
    /// <summary>The owner FedNet writes into <c>external_ids:fednet-owner</c> (the planner's rows carry the same).</summary>
    public const string Owner = "fednet";

    /// <summary>Every bridge FedNet wants on one node (each node has its own OVSDB), in a stable order.</summary>
    public static OvsdbDesiredState ToOvsdb(IEnumerable<SwitchState> switchesOfNode)
    {
        ArgumentNullException.ThrowIfNull(switchesOfNode);
        var bridges = switchesOfNode.OrderBy(s => s.Bridge.Name, StringComparer.Ordinal).Select(ToBridge).ToList();
        return new OvsdbDesiredState(bridges);
    }

    /// <summary>One bridge with its ports.</summary>
    public static DesiredBridge ToBridge(SwitchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var b = state.Bridge;
        return new DesiredBridge(b.Name)
        {
            DatapathType = b.DatapathType,
            FailMode = string.IsNullOrEmpty(b.FailMode) ? null : b.FailMode,
            Protocols = b.Protocols.ToArray(),
            OtherConfig = Map(b.OtherConfig),
            ExternalIds = Map(b.ExternalIds),
            Ports = state.Ports.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(ToPort).ToList(),
        };
    }

    private static DesiredPort ToPort(PortRow p) => new(p.Name)
    {
        Interfaces =
        [
            new DesiredInterface(p.Name)
            {
                Type = p.Type switch
                {
                    InterfaceType.System => "",
                    InterfaceType.Internal => "internal",
                    InterfaceType.Patch => "patch",
                    InterfaceType.Gre => "gre",
                    InterfaceType.Vxlan => "vxlan",
                    _ => throw new ArgumentOutOfRangeException(nameof(p), p.Type, "unknown interface type"),
                },
                Options = Map(p.Options),
                OfPortRequest = p.OfportRequest,
                IngressPolicingRate = p.IngressPolicingRateKbps,
                IngressPolicingBurst = p.IngressPolicingRateKbps > 0 ? Math.Max(p.IngressPolicingRateKbps / 10, 1) : 0,
                ExternalIds = Map(p.ExternalIds),
            },
        ],
        Tag = p.Tag,
        Trunks = p.Trunks.Select(t => (long)t).ToList(),
        VlanMode = p.VlanMode switch
        {
            PortVlanMode.Access => "access",
            PortVlanMode.Trunk => "trunk",
            _ => null,
        },
        Qos = PolicyQos.Shaper(p.EgressMaxRateKbps),
        ExternalIds = Map(p.ExternalIds),
    };

    private static ValueMap Map(IEnumerable<KeyValuePair<string, string>> pairs) => new(pairs);
}
