namespace FedNet.Planning.Drivers;

/// <summary>A node of the federation, for the node-scope switching element.</summary>
/// <param name="Name">The host's or gateway's name.</param>
/// <param name="Site">The site's index in the federation (declaration order).</param>
/// <param name="IsGateway">True for the site's gateway.</param>
public readonly record struct NodeRef(string Name, int Site, bool IsGateway);
