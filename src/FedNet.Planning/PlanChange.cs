using FedNet.Model;

namespace FedNet.Planning;

/// <summary>One change to the set of services (a VM or network change is a new version of its service).</summary>
public abstract record PlanChange
{
    /// <summary>The service the change is about.</summary>
    public abstract ServiceKey Service { get; }
}

/// <summary>Adds a service, or replaces the one with the same tenant and name.</summary>
public sealed record UpsertService(Service Value) : PlanChange
{
    /// <inheritdoc/>
    public override ServiceKey Service => new(Value.Tenant, Value.Name);
}

/// <summary>Removes a service.</summary>
public sealed record RemoveService(string Tenant, string Name) : PlanChange
{
    /// <inheritdoc/>
    public override ServiceKey Service => new(Tenant, Name);
}
