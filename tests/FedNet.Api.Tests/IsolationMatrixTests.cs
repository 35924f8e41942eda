using System.Net;
using System.Text;
using FedNet.Api.Contracts;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>
/// Operator, tenant alpha, tenant beta and no token × every resource × every verb, against a server holding alpha/web
/// and beta/web. Another tenant's path answers 404 exactly as a missing one does; federation writes and tokens are
/// operator-only (403 for tenants); no token is 401 everywhere under /api.
/// </summary>
public sealed class IsolationMatrixTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Ok = 200, Created = 201, Forbidden = 403, NotFound = 404, Unauthorized = 401;

    private enum Body
    {
        None,
        Federation,
        AlphaWeb,
        BetaWeb,
        Token,
    }

    //                      method    path                                            body            operator alpha      beta       none
    private static readonly (string Method, string Path, Body Body, int Op, int Alpha, int Beta, int None)[] Matrix =
    [
        ("GET", "/api/v1/federation", Body.None, Ok, Ok, Ok, Unauthorized),
        ("PUT", "/api/v1/federation", Body.Federation, Ok, Forbidden, Forbidden, Unauthorized),
        ("GET", "/api/v1/services", Body.None, Ok, Ok, Ok, Unauthorized),
        ("GET", "/api/v1/tenants/alpha/services", Body.None, Ok, Ok, NotFound, Unauthorized),
        ("GET", "/api/v1/tenants/beta/services", Body.None, Ok, NotFound, Ok, Unauthorized),
        ("GET", "/api/v1/tenants/alpha/services/web", Body.None, Ok, Ok, NotFound, Unauthorized),
        ("GET", "/api/v1/tenants/beta/services/web", Body.None, Ok, NotFound, Ok, Unauthorized),
        ("PUT", "/api/v1/tenants/alpha/services/web", Body.AlphaWeb, Ok, Ok, NotFound, Unauthorized),
        ("PUT", "/api/v1/tenants/beta/services/web", Body.BetaWeb, Ok, NotFound, Ok, Unauthorized),
        ("POST", "/api/v1/tenants/alpha/services/web/plan", Body.AlphaWeb, Ok, Ok, NotFound, Unauthorized),
        ("POST", "/api/v1/tenants/beta/services/web/plan", Body.BetaWeb, Ok, NotFound, Ok, Unauthorized),
        ("GET", "/api/v1/tenants/alpha/services/web/status", Body.None, Ok, Ok, NotFound, Unauthorized),
        ("GET", "/api/v1/tenants/beta/services/web/status", Body.None, Ok, NotFound, Ok, Unauthorized),
        ("GET", "/api/v1/tenants/alpha/services/web/events", Body.None, Ok, Ok, NotFound, Unauthorized),
        ("GET", "/api/v1/tenants/beta/services/web/events", Body.None, Ok, NotFound, Ok, Unauthorized),
        ("DELETE", "/api/v1/tenants/alpha/services/web", Body.None, Ok, Ok, NotFound, Unauthorized),
        ("DELETE", "/api/v1/tenants/beta/services/web", Body.None, Ok, NotFound, Ok, Unauthorized),
        ("GET", "/api/v1/networks", Body.None, Ok, Ok, Ok, Unauthorized),
        ("GET", "/api/v1/vms", Body.None, Ok, Ok, Ok, Unauthorized),
        ("GET", "/api/v1/tenants/alpha/vms/vm1", Body.None, Ok, Ok, NotFound, Unauthorized),
        ("GET", "/api/v1/tenants/beta/vms/vm1", Body.None, Ok, NotFound, Ok, Unauthorized),
        ("POST", "/api/v1/tokens", Body.Token, Created, Forbidden, Forbidden, Unauthorized),
        ("GET", "/api/v1/tokens", Body.None, Ok, Forbidden, Forbidden, Unauthorized),
    ];

    [Fact]
    public async Task EveryRoleResourceAndVerb_ExpectedStatus()
    {
        await using var api = await ApiServer.StartAsync();
        var callers = new (string Name, string? Token)[] { ("operator", api.Operator), ("alpha", api.Alpha), ("beta", api.Beta), ("none", null) };
        var mismatches = new List<string>();
        foreach (var row in Matrix)
        {
            var expected = new[] { row.Op, row.Alpha, row.Beta, row.None };
            for (var c = 0; c < callers.Length; c++)
            {
                await ResetAsync(api);
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path) { Content = Content(row.Body) };
                using var response = await api.Client(callers[c].Token).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
                var actual = (int)response.StatusCode;
                if (actual != expected[c])
                    mismatches.Add($"{callers[c].Name} {row.Method} {row.Path}: expected {expected[c]}, got {actual}");
                if (actual >= 400)
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task CrossTenant404_SameAnswerAsAMissingService()
    {
        await using var api = await ApiServer.StartAsync();
        await ResetAsync(api);
        var alpha = api.Client(api.Alpha);
        var op = api.Client(api.Operator);

        using var hidden = await alpha.GetAsync("/api/v1/tenants/beta/services/web", Ct);
        (await op.DeleteAsync("/api/v1/tenants/beta/services/web", Ct)).Dispose();
        using var missing = await op.GetAsync("/api/v1/tenants/beta/services/web", Ct);
        var hiddenBody = (await hidden.Content.ReadAsStringAsync(Ct)).Replace("beta/web", "X", StringComparison.Ordinal);
        var missingBody = (await missing.Content.ReadAsStringAsync(Ct)).Replace("beta/web", "X", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(missingBody, hiddenBody);
    }

    [Fact]
    public async Task Lists_TenantSeesOnlyItsOwnNetworksAndVms()
    {
        await using var api = await ApiServer.StartAsync();
        await ResetAsync(api);

        var networks = await api.GetAsync<List<NetworkDto>>(api.Alpha, "/api/v1/networks");
        var vms = await api.GetAsync<List<VmDto>>(api.Beta, "/api/v1/vms");
        var all = await api.GetAsync<List<VmDto>>(api.Operator, "/api/v1/vms");

        Assert.Equal(["alpha"], networks.Select(n => n.Tenant).Distinct());
        Assert.Equal(["beta"], vms.Select(n => n.Tenant).Distinct());
        Assert.Equal(["alpha", "beta"], all.Select(n => n.Tenant).Distinct().Order());
    }

    /// <summary>Puts alpha/web and beta/web back (a DELETE row removed one) and waits until neither is applying.</summary>
    private static async Task ResetAsync(ApiServer api)
    {
        foreach (var tenant in new[] { "alpha", "beta" })
        {
            if (await api.Store.GetServiceAsync(tenant, "web", Ct) is null)
                (await api.PutServiceAsync(api.Operator, tenant, "web", Examples.Service(tenant, "web"))).Dispose();
            await api.SettledAsync(tenant, "web");
        }
    }

    private static HttpContent? Content(Body body) => body switch
    {
        Body.Federation => new StringContent(Examples.PaperYaml, Encoding.UTF8, "application/yaml"),
        Body.AlphaWeb => new StringContent(Examples.Service("alpha", "web"), Encoding.UTF8, "application/yaml"),
        Body.BetaWeb => new StringContent(Examples.Service("beta", "web"), Encoding.UTF8, "application/yaml"),
        Body.Token => new StringContent("""{"role":"tenant","tenant":"alpha"}""", Encoding.UTF8, "application/json"),
        _ => null,
    };
}
