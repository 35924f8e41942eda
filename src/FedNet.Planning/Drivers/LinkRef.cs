namespace FedNet.Planning.Drivers;

/// <summary>The hop a link carries a network over (paper section III.C: "same LAN: VLAN or trunk; VPLS;
/// otherwise a GRE tunnel").</summary>
public enum LinkHop
{
    /// <summary>A host's element to the site's segment trunk, tagged with the network's private VLAN: reaches the other
    /// elements of the segment and, through the site's gateway, the network's remote vifs.</summary>
    Segment,

    /// <summary>A gateway from its site's segment onto the transits (private VLAN to public VLAN, or to the network's
    /// tunnel key), demultiplexed by destination MAC.</summary>
    Egress,

    /// <summary>A gateway receiving the network from transit <see cref="LinkRef.In"/>: delivered into its site
    /// (<see cref="LinkRef.Out"/> &lt; 0) or carried on over transit <see cref="LinkRef.Out"/> (multi-hop).</summary>
    Transit,
}

/// <summary>One link request.</summary>
/// <param name="Kind">The path kind.</param>
/// <param name="In">The transit a <see cref="LinkHop.Transit"/> link arrives on (index in the federation), else -1.</param>
/// <param name="Out">The transit it leaves on, -1 to deliver into the site.</param>
public readonly record struct LinkRef(LinkHop Kind, int In = -1, int Out = -1);

/// <summary>A destination of a link.</summary>
/// <param name="Vif">The network's vif number (index in the network's vifs).</param>
/// <param name="Transit">For <see cref="LinkHop.Egress"/>: the transit toward the vif; else -1.</param>
public readonly record struct LinkTarget(int Vif, int Transit = -1);
