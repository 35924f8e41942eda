namespace FedNet.Api.Contracts;

/// <summary>One stored service (<c>GET /api/v1/tenants/{tenant}/services/{name}</c>).</summary>
/// <param name="Tenant">The tenant owning it.</param>
/// <param name="Name">The service's name.</param>
/// <param name="Version">Its version (the ETag is <c>"&lt;version&gt;"</c>).</param>
/// <param name="Yaml">The description as stored.</param>
/// <param name="Status">Where its reconcile stands.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record ServiceDto(string Tenant, string Name, long Version, string Yaml, ServiceStatusDto Status, DateTimeOffset UpdatedAt);

/// <summary>One line of a service listing (<c>GET /api/v1/services</c>).</summary>
/// <param name="Tenant">The tenant owning it.</param>
/// <param name="Name">The service's name.</param>
/// <param name="Version">Its version.</param>
/// <param name="State">applying, ready or degraded (see <see cref="ServiceStates"/>).</param>
/// <param name="Networks">How many networks it describes.</param>
/// <param name="Vms">How many VMs it describes.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record ServiceSummaryDto(string Tenant, string Name, long Version, string State, int Networks, int Vms, DateTimeOffset UpdatedAt);
