namespace FedNet.Api.Contracts;

/// <summary>One VM as planned (<c>GET /api/v1/vms</c>).</summary>
/// <param name="Tenant">Its tenant.</param>
/// <param name="Service">Its service.</param>
/// <param name="Name">Its name in the service.</param>
/// <param name="Host">The host it was placed on.</param>
/// <param name="Site">That host's site.</param>
/// <param name="Interfaces">Its vifs, in description order.</param>
public sealed record VmDto(string Tenant, string Service, string Name, string Host, string Site, IReadOnlyList<VmInterfaceDto> Interfaces);

/// <summary>A vif: its network, MAC and IPv4 address.</summary>
public sealed record VmInterfaceDto(string Network, string Mac, string Ip);

/// <summary>
/// One VM in detail (<c>GET /api/v1/tenants/{tenant}/vms/{name}</c>): every vif with its network's VLAN per site, and
/// how each peer on the same networks is reached.
/// </summary>
public sealed record VmDetailDto(
    string Tenant,
    string Service,
    string Name,
    string Host,
    string Site,
    IReadOnlyList<VmInterfaceDetailDto> Interfaces,
    IReadOnlyList<PeerPathDto> Peers);

/// <summary>A vif with its network's private VLAN in each site.</summary>
public sealed record VmInterfaceDetailDto(string Network, string Mac, string Ip, IReadOnlyList<SiteVlanDto> Vlans);

/// <summary>How a peer vif of the same network is reached.</summary>
/// <param name="Network">The shared network.</param>
/// <param name="Peer">The peer VM (<c>vm</c>, or <c>vm#i</c> for its i-th interface when it has several on the network).</param>
/// <param name="Ip">The peer's address on the network.</param>
/// <param name="Path">local, LAN, VPLS, GRE, VXLAN, multi-hop or none (see <see cref="PathTypes"/>).</param>
/// <param name="Transits">The transits crossed, in order.</param>
public sealed record PeerPathDto(string Network, string Peer, string Ip, string Path, IReadOnlyList<string> Transits);

/// <summary>The values of <see cref="PeerPathDto.Path"/>.</summary>
public static class PathTypes
{
    /// <summary>Same host.</summary>
    public const string Local = "local";

    /// <summary>Same site segment.</summary>
    public const string Lan = "LAN";

    /// <summary>One VPLS transit.</summary>
    public const string Vpls = "VPLS";

    /// <summary>One GRE tunnel transit.</summary>
    public const string Gre = "GRE";

    /// <summary>One VXLAN tunnel transit.</summary>
    public const string Vxlan = "VXLAN";

    /// <summary>Several transits through intermediate gateways.</summary>
    public const string MultiHop = "multi-hop";

    /// <summary>No path (a planner diagnostic says why).</summary>
    public const string None = "none";
}
