using FedNet.Store;

namespace FedNet.Api.Internal;

/// <summary>Who made a request (from its bearer token) and what it may touch.</summary>
internal sealed record Caller(TokenIdentity Identity)
{
    private const string ItemKey = "fednet.caller";

    public bool IsOperator => Identity.Role == TokenRole.Operator;

    /// <summary>The journal's actor: the role and the token id, never the secret.</summary>
    public string Actor => IsOperator ? $"operator:{Identity.TokenId}" : $"tenant {Identity.Tenant}:{Identity.TokenId}";

    /// <summary>True when the caller may see <paramref name="tenant"/>'s resources.</summary>
    public bool Sees(string tenant) => IsOperator || string.Equals(Identity.Tenant, tenant, StringComparison.Ordinal);

    /// <summary>
    /// A tenant asking for another tenant's path gets the same 404 as for a missing resource, so it learns nothing about
    /// what exists.
    /// </summary>
    public void RequireScope(string tenant, string notFoundDetail)
    {
        if (!Sees(tenant))
            throw ApiProblemException.NotFound(notFoundDetail);
    }

    public void RequireOperator(string what)
    {
        if (!IsOperator)
            throw ApiProblemException.Forbidden($"{what} needs an operator token");
    }

    public static Caller Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var c) && c is Caller caller
            ? caller
            : throw new InvalidOperationException("no caller: the bearer middleware did not run");

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
