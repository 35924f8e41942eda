using FedNet.Lab;

namespace FedNet.Control;

/// <summary>Where to reach one node's Open vSwitch: its OVSDB and the directory holding each bridge's management socket.</summary>
/// <param name="Node">Host or gateway name (as in the federation).</param>
/// <param name="OvsdbTarget">OVSDB remote, e.g. <c>unix:/run/fednet-lab/lab/kuas-gw/db.sock</c>.</param>
/// <param name="OvsRundir">OVS run directory: bridge B listens for OpenFlow on <c>&lt;OvsRundir&gt;/B.mgmt</c>.</param>
public sealed record NodeEndpoint(string Node, string OvsdbTarget, string OvsRundir)
{
    /// <summary>The passive OpenFlow target of <paramref name="bridge"/>.</summary>
    public string ManagementTarget(string bridge) => "unix:" + Path.Combine(OvsRundir, bridge + ".mgmt");

    /// <summary>Every host's and gateway's endpoint in a running lab, by node name.</summary>
    public static IReadOnlyDictionary<string, NodeEndpoint> FromLab(LabState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Nodes.ToDictionary(n => n.Name, n => new NodeEndpoint(n.Name, n.OvsdbTarget, n.OvsRundir), StringComparer.Ordinal);
    }
}
