namespace FedNet.Api.Contracts;

/// <summary>The body of <c>POST /api/v1/tokens</c>.</summary>
/// <param name="Role"><c>operator</c> or <c>tenant</c>.</param>
/// <param name="Tenant">The tenant, required for the tenant role.</param>
/// <param name="Description">A note (who the token is for).</param>
public sealed record TokenRequestDto(string Role, string? Tenant = null, string? Description = null);

/// <summary>A token just made; the secret is shown this once (the store keeps only its hash).</summary>
/// <param name="Id">The token's id (for listing and revoking).</param>
/// <param name="Secret">The bearer secret.</param>
/// <param name="Role"><c>operator</c> or <c>tenant</c>.</param>
/// <param name="Tenant">Its tenant, for the tenant role.</param>
public sealed record TokenCreatedDto(string Id, string Secret, string Role, string? Tenant);

/// <summary>The values of <see cref="TokenRequestDto.Role"/>.</summary>
public static class TokenRoles
{
    /// <summary>Everything, every tenant.</summary>
    public const string Operator = "operator";

    /// <summary>One tenant's resources only.</summary>
    public const string Tenant = "tenant";
}

/// <summary>One unrevoked token (<c>GET /api/v1/tokens</c>); never its secret.</summary>
public sealed record TokenInfoDto(string Id, string Role, string? Tenant, string? Description, DateTimeOffset CreatedAt);
