namespace FedNet.Planning.State;

/// <summary>The desired OVSDB Bridge row.</summary>
/// <param name="Name">Bridge name (br-int, br-gw, br-seg, bn&lt;vlan&gt;).</param>
/// <param name="DatapathType">Always <c>netdev</c> here (userspace datapath).</param>
/// <param name="FailMode"><c>secure</c> for flow-programmed bridges, <c>standalone</c> for learning bridges.</param>
/// <param name="Protocols">OpenFlow versions (OpenFlow13), empty for learning bridges.</param>
/// <param name="OtherConfig">other_config (e.g. a fixed datapath-id).</param>
/// <param name="ExternalIds">Ownership: <c>fednet-owner</c> and what the row belongs to.</param>
public sealed record BridgeRow(
    string Name,
    string DatapathType,
    string FailMode,
    EquatableArray<string> Protocols,
    ValueMap<string, string> OtherConfig,
    ValueMap<string, string> ExternalIds);
