using System.Text.Json;
using FedNet.Api.Contracts;
using FedNet.Planning;
using FedNet.Store;

namespace FedNet.Api.Internal;

/// <summary>The routes of the API contract (docs/api.md).</summary>
internal static class Endpoints
{
    private static readonly string[] YamlTypes = [ApiJson.YamlMediaType, "text/plain", "application/x-yaml", "text/yaml"];

    public static void Map(WebApplication app, ApplyPipeline pipeline, StatusBoard board, IFedNetStore store)
    {
        app.MapGet("/healthz", () => Results.Text("ok")).WithName("Health").ExcludeFromDescription();
        var api = app.MapGroup("/api/v1");

        api.MapGet("/federation", (HttpContext context) =>
        {
            _ = Caller.Of(context);
            var s = pipeline.Current;
            if (s.StoredFederation is not { } f || s.Federation is not { } model)
                throw ApiProblemException.NotFound("there is no federation yet");
            context.Response.Headers.ETag = ApplyPipeline.ETag(f.Version);
            return Results.Json(new FederationDto(f.Name, f.Version,
                [.. model.Sites.Select(x => new SiteSummaryDto(x.Name, [.. x.Hosts.Select(h => h.Name)], x.Gateway?.Name))],
                [.. model.Transits.Select(t => t.Name)], f.Yaml, f.UpdatedAt), ApiJson.Options);
        }).WithName("GetFederation").Produces<FederationDto>();

        api.MapPut("/federation", async (HttpContext context, CancellationToken ct) =>
        {
            var caller = Caller.Of(context);
            caller.RequireOperator("changing the federation");
            var expected = Preconditions.ExpectedVersion(context.Request);
            var yaml = await YamlBody.ReadAsync(context);
            var result = await pipeline.ApplyFederationAsync(caller, yaml, expected, ct);
            context.Response.Headers.ETag = result.Etag;
            return Results.Json(result, ApiJson.Options);
        }).WithName("PutFederation").Accepts<string>(ApiJson.YamlMediaType, YamlTypes[1..]).Produces<ApplyResultDto>();

        api.MapGet("/services", (HttpContext context, string? tenant) =>
        {
            var caller = Caller.Of(context);
            return Results.Json(Summaries(pipeline, board, t => caller.Sees(t) && (tenant is null || t == tenant)), ApiJson.Options);
        }).WithName("ListServices").Produces<IReadOnlyList<ServiceSummaryDto>>();

        api.MapGet("/tenants/{tenant}/services", (HttpContext context, string tenant) =>
        {
            Caller.Of(context).RequireScope(tenant, $"no tenant '{tenant}'");
            return Results.Json(Summaries(pipeline, board, t => t == tenant), ApiJson.Options);
        }).WithName("ListTenantServices").Produces<IReadOnlyList<ServiceSummaryDto>>();

        api.MapGet("/tenants/{tenant}/services/{name}", (HttpContext context, string tenant, string name) =>
        {
            var key = Scoped(context, tenant, name);
            var s = pipeline.Current;
            if (!s.Services.TryGetValue(key, out var stored))
                throw NoService(key);
            context.Response.Headers.ETag = ApplyPipeline.ETag(stored.Version);
            return Results.Json(new ServiceDto(tenant, name, stored.Version, stored.Yaml, Status(pipeline, board, key), stored.UpdatedAt), ApiJson.Options);
        }).WithName("GetService").Produces<ServiceDto>();

        api.MapPut("/tenants/{tenant}/services/{name}", async (HttpContext context, string tenant, string name, CancellationToken ct) =>
        {
            var key = Scoped(context, tenant, name);
            var expected = Preconditions.ExpectedVersion(context.Request);
            var yaml = await YamlBody.ReadAsync(context);
            var (result, created) = await pipeline.ApplyServiceAsync(Caller.Of(context), key, yaml, expected, ct);
            context.Response.Headers.ETag = result.Etag;
            return created
                ? Results.Json(result, ApiJson.Options, statusCode: StatusCodes.Status201Created)
                : Results.Json(result, ApiJson.Options);
        }).WithName("PutService").Accepts<string>(ApiJson.YamlMediaType, YamlTypes[1..]).Produces<ApplyResultDto>()
            .Produces<ApplyResultDto>(StatusCodes.Status201Created);

        api.MapPost("/tenants/{tenant}/services/{name}/plan", async (HttpContext context, string tenant, string name) =>
        {
            var key = Scoped(context, tenant, name);
            var yaml = await YamlBody.ReadAsync(context);
            return Results.Json(pipeline.PlanService(key, yaml), ApiJson.Options);
        }).WithName("PlanService").Accepts<string>(ApiJson.YamlMediaType, YamlTypes[1..]).Produces<PlanDiffDto>();

        api.MapDelete("/tenants/{tenant}/services/{name}", async (HttpContext context, string tenant, string name, CancellationToken ct) =>
        {
            var key = Scoped(context, tenant, name);
            var expected = Preconditions.ExpectedVersion(context.Request);
            var result = await pipeline.DeleteServiceAsync(Caller.Of(context), key, expected, ct) ?? throw NoService(key);
            return Results.Json(result, ApiJson.Options);
        }).WithName("DeleteService").Produces<ApplyResultDto>();

        api.MapGet("/tenants/{tenant}/services/{name}/status", (HttpContext context, string tenant, string name) =>
        {
            var key = Scoped(context, tenant, name);
            if (!pipeline.Current.Services.ContainsKey(key))
                throw NoService(key);
            return Results.Json(Status(pipeline, board, key), ApiJson.Options);
        }).WithName("GetServiceStatus").Produces<ServiceStatusDto>();

        api.MapGet("/tenants/{tenant}/services/{name}/events", async (HttpContext context, string tenant, string name, CancellationToken ct) =>
        {
            var key = Scoped(context, tenant, name);
            if (!pipeline.Current.Services.ContainsKey(key))
                throw NoService(key);
            await ServerSentEvents.StreamAsync(context, board, key, ct);
        }).WithName("ServiceEvents").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

        api.MapGet("/networks", (HttpContext context) =>
        {
            var caller = Caller.Of(context);
            return Results.Json(Views.Networks(pipeline.Current.Plan, caller.Sees), ApiJson.Options);
        }).WithName("ListNetworks").Produces<IReadOnlyList<NetworkDto>>();

        api.MapGet("/vms", (HttpContext context) =>
        {
            var caller = Caller.Of(context);
            return Results.Json(Views.Vms(pipeline.Current.Plan, caller.Sees), ApiJson.Options);
        }).WithName("ListVms").Produces<IReadOnlyList<VmDto>>();

        api.MapGet("/tenants/{tenant}/vms/{name}", (HttpContext context, string tenant, string name, string? service) =>
        {
            var notFound = $"no VM '{name}' of tenant '{tenant}'";
            Caller.Of(context).RequireScope(tenant, notFound);
            return Results.Json(Views.Vm(pipeline.Current.Plan, tenant, name, service) ?? throw ApiProblemException.NotFound(notFound), ApiJson.Options);
        }).WithName("GetVm").Produces<VmDetailDto>();

        api.MapPost("/tokens", async (HttpContext context, CancellationToken ct) =>
        {
            var caller = Caller.Of(context);
            caller.RequireOperator("creating tokens");
            var request = await ReadJsonAsync<TokenRequestDto>(context);
            var (role, tenant) = request.Role switch
            {
                TokenRoles.Operator when request.Tenant is null => (TokenRole.Operator, (string?)null),
                TokenRoles.Operator => throw Invalid("tenant", "an operator token has no tenant"),
                TokenRoles.Tenant when !string.IsNullOrWhiteSpace(request.Tenant) => (TokenRole.Tenant, request.Tenant),
                TokenRoles.Tenant => throw Invalid("tenant", "a tenant token needs its tenant"),
                _ => throw Invalid("role", $"role '{request.Role}' is neither 'operator' nor 'tenant'"),
            };
            var issued = await store.CreateTokenAsync(role, tenant, request.Description, ct);
            return Results.Json(new TokenCreatedDto(issued.Identity.TokenId, issued.Secret, request.Role, tenant), ApiJson.Options,
                statusCode: StatusCodes.Status201Created);
        }).WithName("CreateToken").Accepts<TokenRequestDto>("application/json").Produces<TokenCreatedDto>(StatusCodes.Status201Created);

        api.MapGet("/tokens", async (HttpContext context, CancellationToken ct) =>
        {
            Caller.Of(context).RequireOperator("listing tokens");
            var tokens = await store.ListTokensAsync(ct);
            return Results.Json(tokens.Select(t => new TokenInfoDto(t.TokenId, t.Role == TokenRole.Operator ? TokenRoles.Operator : TokenRoles.Tenant,
                t.Tenant, t.Description, t.CreatedAt)).ToList(), ApiJson.Options);
        }).WithName("ListTokens").Produces<IReadOnlyList<TokenInfoDto>>();

        api.MapDelete("/tokens/{id}", async (HttpContext context, string id, CancellationToken ct) =>
        {
            Caller.Of(context).RequireOperator("revoking tokens");
            return await store.RevokeTokenAsync(id, ct) ? Results.NoContent() : throw ApiProblemException.NotFound($"no token '{id}'");
        }).WithName("RevokeToken").Produces(StatusCodes.Status204NoContent);
    }

    private static ServiceKey Scoped(HttpContext context, string tenant, string name)
    {
        var key = new ServiceKey(tenant, name);
        Caller.Of(context).RequireScope(tenant, NoService(key).Message);
        return key;
    }

    private static ApiProblemException NoService(ServiceKey key) => ApiProblemException.NotFound($"no service '{key.Tenant}/{key.Service}'");

    private static ApiProblemException Invalid(string path, string message) =>
        ApiProblemException.Invalid(message, [new ValidationErrorDto(path, 0, 0, message)]);

    private static IReadOnlyList<ServiceSummaryDto> Summaries(ApplyPipeline pipeline, StatusBoard board, Func<string, bool> include)
    {
        var s = pipeline.Current;
        var result = new List<ServiceSummaryDto>();
        foreach (var (key, stored) in s.Services)
        {
            if (!include(key.Tenant))
                continue;
            var model = s.Plan is not null && s.Plan.Services.TryGetValue(key, out var m) ? m : null;
            result.Add(new ServiceSummaryDto(key.Tenant, key.Service, stored.Version, board.StateOf(key), model?.Networks.Count ?? 0,
                model?.Vms.Count ?? 0, stored.UpdatedAt));
        }
        return result;
    }

    private static ServiceStatusDto Status(ApplyPipeline pipeline, StatusBoard board, ServiceKey key)
    {
        var plan = pipeline.Current.Plan;
        var label = ApplyPipeline.Label(key);
        IReadOnlyList<string> diagnostics = plan is null ? [] : [.. plan.Diagnostics.Where(d => d.Location.File == label).Select(d => d.ToString())];
        return board.Get(key, diagnostics) ?? new ServiceStatusDto(ServiceStates.Applying, [], pipeline.Current.Revision, diagnostics);
    }

    private static async Task<T> ReadJsonAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ApiJson.Options, context.RequestAborted)
                ?? throw Invalid("$", "the body is empty: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiProblemException.Invalid("the body is not valid JSON",
                [new ValidationErrorDto(e.Path ?? "$", (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e.Message)]);
        }
    }
}
