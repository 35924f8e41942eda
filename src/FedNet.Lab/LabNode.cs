namespace FedNet.Lab;

/// <summary>Whether a node is a hypervisor host or its site's gateway.</summary>
public enum LabNodeKind
{
    Host,
    Gateway,
}

/// <summary>
/// A host or a gateway: gets its own namespace, ovsdb-server and ovs-vswitchd, and a <c>seg0</c> link to its
/// segment. <paramref name="Underlay"/> is the gateway's L3 WAN address (used for tunnel transits); hosts keep theirs
/// for FedNet but the lab does not configure it.
/// </summary>
public sealed record LabNode(string Name, LabNodeKind Kind, string Site, string Segment, string? Underlay);
