namespace FedNet.Lab;

/// <summary>How a transit joins two sites.</summary>
public enum LabTransitKind
{
    /// <summary>
    /// An L2 VPLS that passes only the public VLANs: an OVS bridge the lab owns, linked to each gateway's
    /// <c>tr&lt;i&gt;</c>.
    /// </summary>
    Vpls,

    /// <summary>L3 only: the gateways' <c>wan0</c> reach each other's underlay through the lab's router.</summary>
    Tunnel,
}

/// <summary>
/// A link between two sites' gateways. Its position in <see cref="LabTopology.Transits"/> is the <c>i</c> of the
/// gateways' <c>tr&lt;i&gt;</c> interface (contract).
/// </summary>
public sealed record LabTransit(string Name, LabTransitKind Kind, string SiteA, string SiteB, EquatableArray<int> PublicVlans, LabWan Wan);
