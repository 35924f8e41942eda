namespace FedNet.Store;

/// <summary>What an API token may do.</summary>
public enum TokenRole
{
    /// <summary>Everything, for every tenant.</summary>
    Operator,

    /// <summary>Only its own tenant's resources.</summary>
    Tenant,
}
