using System.Net;
using System.Text;
using FedNet.Api.Contracts;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>Bad bodies: 400 problem details listing every error with its path and line:col; nothing is written.</summary>
public sealed class BadBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ProblemDto Problem, long RevisionBefore, long RevisionAfter)> PutBadAsync(ApiServer api, string yaml,
        string path = "/api/v1/tenants/alpha/services/web")
    {
        var before = (await api.Store.ReadAsync(Ct)).Revision;
        using var response = await api.PutYamlAsync(api.Client(api.Operator), path, yaml);
        ApiServer.AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await ApiServer.ReadAsync<ProblemDto>(response);
        return (problem, before, (await api.Store.ReadAsync(Ct)).Revision);
    }

    [Fact]
    public async Task ServicePut_BadCidr_400WithFieldPathAndLineColumn_NothingChanged()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web"))).Dispose();
        var yaml = "tenant: alpha\nservice: web\nnetworks:\n  - { name: net, cidr: 10.0.0.0/33 }\nvms: []\n";

        var (problem, before, after) = await PutBadAsync(api, yaml);

        var error = Assert.Single(problem.Errors!);
        Assert.Equal("$.networks[0].cidr", error.Path);
        Assert.Equal((4, 24), (error.Line, error.Column));
        Assert.Contains("10.0.0.0/33", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Equal(1, (await api.Store.GetServiceAsync("alpha", "web", Ct))!.Version);
    }

    [Fact]
    public async Task ServicePut_YamlSyntaxError_400WithLineColumn()
    {
        await using var api = await ApiServer.StartAsync();

        var (problem, before, after) = await PutBadAsync(api, "tenant: alpha\nservice: web\nnetworks: [ { name: net\n");

        var error = Assert.Single(problem.Errors!);
        Assert.True(error.Line >= 3, error.ToString());
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Null(await api.Store.GetServiceAsync("alpha", "web", Ct));
    }

    [Fact]
    public async Task ServicePut_SeveralErrors_EveryOneListed()
    {
        await using var api = await ApiServer.StartAsync();
        var yaml = """
            tenant: alpha
            service: web
            networks:
              - { name: net, cidr: 10.0.0.0/24 }
            vms:
              - name: a
                placement: { site: atlantis }
                interfaces:
                  - { network: net, ip: 10.0.0.5 }
              - name: b
                placement: { site: kuas }
                interfaces:
                  - { network: nowhere }
            """;

        var (problem, before, after) = await PutBadAsync(api, yaml);

        Assert.True(problem.Errors!.Count >= 2, string.Join("\n", problem.Errors));
        Assert.Contains(problem.Errors, e => e.Line == 7 && e.Message.Contains("atlantis", StringComparison.Ordinal));
        Assert.Contains(problem.Errors, e => e.Line == 13 && e.Message.Contains("nowhere", StringComparison.Ordinal));
        Assert.All(problem.Errors, e => Assert.StartsWith("$.vms[", e.Path, StringComparison.Ordinal));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task ServicePut_BodyNamesAnotherService_400OnTenantAndService()
    {
        await using var api = await ApiServer.StartAsync();

        var (problem, before, after) = await PutBadAsync(api, Examples.Service("beta", "db"));

        Assert.Equal(["$.service", "$.tenant"], problem.Errors!.Select(e => e.Path).Order());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task FederationPut_Invalid_400AndFederationUnchanged()
    {
        await using var api = await ApiServer.StartAsync();
        var yaml = Examples.PaperYaml.Replace("privateVlans: 200-299", "privateVlans: 200-5000", StringComparison.Ordinal);

        var (problem, before, after) = await PutBadAsync(api, yaml, "/api/v1/federation");

        Assert.Contains(problem.Errors!, e => e.Message.Contains("within 1-4094", StringComparison.Ordinal));
        Assert.All(problem.Errors!, e => Assert.Equal(("$.sites[1].privateVlans", 18, 19), (e.Path, e.Line, e.Column)));
        Assert.Equal(before, after);
        Assert.Equal(1, (await api.Store.GetFederationAsync(Ct))!.Version);
    }

    [Fact]
    public async Task FederationPut_BreaksAStoredService_400NamingThatService()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web", site: "ntust"))).Dispose();
        var renamed = Examples.PaperYaml.Replace("ntust", "taipei", StringComparison.Ordinal);

        var (problem, before, after) = await PutBadAsync(api, renamed, "/api/v1/federation");

        Assert.Contains(problem.Errors!, e => e.Path == "tenants/alpha/services/web" && e.Message.Contains("ntust", StringComparison.Ordinal));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task TokenPost_BadJsonOrRole_400()
    {
        await using var api = await ApiServer.StartAsync(federation: false);
        var op = api.Client(api.Operator);

        using var json = await op.PostAsync("/api/v1/tokens", new StringContent("{\"role\": ", Encoding.UTF8, "application/json"), Ct);
        using var role = await op.PostAsync("/api/v1/tokens", new StringContent("{\"role\":\"admin\"}", Encoding.UTF8, "application/json"), Ct);
        using var tenant = await op.PostAsync("/api/v1/tokens", new StringContent("{\"role\":\"tenant\"}", Encoding.UTF8, "application/json"), Ct);

        ApiServer.AssertProblem(json, HttpStatusCode.BadRequest);
        ApiServer.AssertProblem(role, HttpStatusCode.BadRequest);
        ApiServer.AssertProblem(tenant, HttpStatusCode.BadRequest);
        Assert.Equal("role", Assert.Single((await ApiServer.ReadAsync<ProblemDto>(role)).Errors!).Path);
        Assert.Single(await api.Store.ListTokensAsync(Ct), t => t.Role == FedNet.Store.TokenRole.Operator);
    }
}
