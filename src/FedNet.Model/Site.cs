namespace FedNet.Model;

/// <summary>One administrative domain / data centre (the paper's IDC A, IDC B).</summary>
/// <param name="Name">Unique in the federation.</param>
/// <param name="PrivateVlans">The pool the planner takes each network's private VLAN in this site from.</param>
/// <param name="Segments">The site's LAN segments (802.1Q trunks between hosts and the gateway).</param>
/// <param name="Hosts">The hypervisors of the site.</param>
/// <param name="Gateway">The site's edge switch toward the WAN.</param>
/// <param name="Location">Where the site is described.</param>
public sealed record Site(
    string Name,
    NumberRange PrivateVlans,
    ValueList<Segment> Segments,
    ValueList<Host> Hosts,
    Gateway Gateway,
    SourceLocation Location = default);
