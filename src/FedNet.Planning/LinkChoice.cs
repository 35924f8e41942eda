namespace FedNet.Planning;

/// <summary>How two vifs of a network are linked (DESIGN mechanism 3, paper III.C).</summary>
public enum LinkKind
{
    /// <summary>Both on one host: the host's switch joins them.</summary>
    SameHost,
    /// <summary>Same site and segment: the private VLAN on the segment trunk.</summary>
    Segment,
    /// <summary>Different sites over one VPLS: gateways translate private ↔ public VLAN, demultiplexed by MAC.</summary>
    Vpls,
    /// <summary>Different sites over one L3 tunnel: GRE/VXLAN keyed per network.</summary>
    Tunnel,
    /// <summary>Different sites over several transits through intermediate gateways.</summary>
    MultiHop,
    /// <summary>No path (a diagnostic says why).</summary>
    None,
}

/// <summary>The link chosen between two vifs of one network, with the transits crossed (in order, from <paramref name="From"/>).</summary>
public sealed record LinkChoice(NetworkKey Network, VifKey From, VifKey To, LinkKind Kind, EquatableArray<string> Transits);
