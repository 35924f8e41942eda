namespace FedNet.Model;

/// <summary>A link between two sites' gateways.</summary>
/// <param name="Name">Unique in the federation.</param>
/// <param name="Kind"><c>vpls</c> or <c>tunnel</c> (<c>type:</c>).</param>
/// <param name="Sites">The two sites it joins (<c>between:</c>), in file order.</param>
/// <param name="PublicVlans">For a VPLS, the VLANs it lets through (all networks crossing share them); empty for a tunnel.</param>
/// <param name="TunnelProtocol">For a tunnel, GRE (the default) or VXLAN; null for a VPLS.</param>
/// <param name="Wan">The emulated WAN characteristics; <see cref="WanCharacteristics.None"/> when not written.</param>
/// <param name="Location">Where the transit is described.</param>
public sealed record Transit(
    string Name,
    TransitKind Kind,
    ValueList<string> Sites,
    ValueList<int> PublicVlans,
    TunnelProtocol? TunnelProtocol,
    WanCharacteristics Wan,
    SourceLocation Location = default);
