using FedNet.Store;

namespace FedNet.Api.Internal;

/// <summary>
/// Every <c>/api/</c> request needs <c>Authorization: Bearer &lt;secret&gt;</c> naming an unrevoked token of the store;
/// anything else is 401 with <c>WWW-Authenticate: Bearer</c>.
/// </summary>
internal sealed class BearerAuthentication(IFedNetStore store)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        TokenIdentity? identity = null;
        if (header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length)
            identity = await store.AuthenticateAsync(header[Scheme.Length..].Trim(), context.RequestAborted);
        if (identity is null)
        {
            await ProblemMiddleware.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized",
                header.Length == 0 ? "no bearer token: send Authorization: Bearer <token>" : "unknown or revoked token", null,
                response => response.Headers.WWWAuthenticate = "Bearer realm=\"fednet\"");
            return;
        }
        new Caller(identity).AttachTo(context);
        await next(context);
    }
}
