namespace FedNet.Model;

/// <summary>The operator's description: every site and every transit between them (<c>federation.yaml</c>).</summary>
/// <param name="Name">The federation's name (<c>federation:</c>).</param>
/// <param name="MacPrefix">The leading octets of every vif MAC (<c>macPrefix:</c>, locally administered).</param>
/// <param name="TunnelKeyRange">GRE keys / VXLAN VNIs the planner may allocate to networks (<c>tunnelKeys:</c>).</param>
/// <param name="Sites">The sites, in file order.</param>
/// <param name="Transits">The transits, in file order; the lab names a gateway's VPLS link <c>tr</c> + the 0-based index here.</param>
/// <param name="Location">Where the description starts.</param>
public sealed record Federation(
    string Name,
    MacPrefix MacPrefix,
    NumberRange TunnelKeyRange,
    ValueList<Site> Sites,
    ValueList<Transit> Transits,
    SourceLocation Location = default);
