namespace FedNet.Store;

/// <summary>Who a token is: its public id, role, tenant (for <see cref="TokenRole.Tenant"/>) and description.</summary>
public sealed record TokenIdentity(string TokenId, TokenRole Role, string? Tenant, string? Description, DateTimeOffset CreatedAt);
