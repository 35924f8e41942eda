namespace FedNet.Api.Contracts;

/// <summary>One tenant network as planned (<c>GET /api/v1/networks</c>).</summary>
/// <param name="Tenant">Its tenant.</param>
/// <param name="Service">Its service.</param>
/// <param name="Name">Its name in the service.</param>
/// <param name="Cidr">Its subnet.</param>
/// <param name="Vlans">Its private VLAN in each site where it has vifs.</param>
public sealed record NetworkDto(string Tenant, string Service, string Name, string Cidr, IReadOnlyList<SiteVlanDto> Vlans);

/// <summary>A private VLAN in one site.</summary>
public sealed record SiteVlanDto(string Site, int Vlan);
