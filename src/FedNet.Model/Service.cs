namespace FedNet.Model;

/// <summary>What one tenant asks for (<c>service.yaml</c>): networks, VMs with their interfaces, and policies.</summary>
/// <param name="Tenant">The tenant owning the service; subnets may overlap between tenants, never inside one.</param>
/// <param name="Name">The service's name, unique per tenant (<c>service:</c>).</param>
/// <param name="Networks">The service's virtual networks.</param>
/// <param name="Vms">The service's VMs.</param>
/// <param name="Policies">QoS policies.</param>
/// <param name="Location">Where the service document starts.</param>
public sealed record Service(
    string Tenant,
    string Name,
    ValueList<Network> Networks,
    ValueList<Vm> Vms,
    ValueList<Policy> Policies,
    SourceLocation Location = default);
