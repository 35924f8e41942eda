using System.Text.Json;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> lists every route of the contract with its verbs.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApiDocument_NoToken_ListsEveryRouteAndVerb()
    {
        await using var api = await ApiServer.StartAsync(federation: false);

        var text = await api.Client(null).GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        var paths = document.RootElement.GetProperty("paths");
        var routes = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(verb => $"{verb.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();

        string[] expected =
        [
            "GET /api/v1/federation", "PUT /api/v1/federation",
            "GET /api/v1/services",
            "GET /api/v1/tenants/{tenant}/services",
            "GET /api/v1/tenants/{tenant}/services/{name}", "PUT /api/v1/tenants/{tenant}/services/{name}",
            "DELETE /api/v1/tenants/{tenant}/services/{name}",
            "POST /api/v1/tenants/{tenant}/services/{name}/plan",
            "GET /api/v1/tenants/{tenant}/services/{name}/status",
            "GET /api/v1/tenants/{tenant}/services/{name}/events",
            "GET /api/v1/networks", "GET /api/v1/vms",
            "GET /api/v1/tenants/{tenant}/vms/{name}",
            "POST /api/v1/tokens", "GET /api/v1/tokens", "DELETE /api/v1/tokens/{id}",
        ];
        var missing = expected.Where(r => !routes.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing) + "\nlisted: " + string.Join(", ", routes.Order()));
    }
}
