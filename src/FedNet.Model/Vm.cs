namespace FedNet.Model;

/// <summary>A VM of a service, placed in a site (any host there) or on one host.</summary>
/// <param name="Name">Unique in its service.</param>
/// <param name="Site">The site from <c>placement: { site: .. }</c>; null when placed on a host.</param>
/// <param name="Host">The host from <c>placement: { host: .. }</c>; null when placed in a site.</param>
/// <param name="Interfaces">The VM's vifs, in file order.</param>
/// <param name="Location">Where the VM is described.</param>
public sealed record Vm(string Name, string? Site, string? Host, ValueList<VmInterface> Interfaces, SourceLocation Location = default);
