using System.Net;
using FedNet.Api.Contracts;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>Parallel applies (no lost write, one service serialized), ETags and If-Match.</summary>
public sealed class ConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Sites = ["kuas", "ncku", "ntust"];

    [Fact]
    public async Task HundredParallelApplies_DifferentServices_NoneLost()
    {
        await using var api = await ApiServer.StartAsync();
        var before = (await api.Store.ReadAsync(Ct)).Revision;

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            var tenant = $"t{i % 10}";
            using var response = await api.PutServiceAsync(api.Operator, tenant, $"s{i}", Examples.Service(tenant, $"s{i}", Sites[i % 3], $"10.{i}.0.0/24"));
            return (response.StatusCode, Result: await ApiServer.ReadAsync<ApplyResultDto>(response));
        }));
        var snapshot = await api.Store.ReadAsync(Ct);
        var listed = await api.GetAsync<List<ServiceSummaryDto>>(api.Operator, "/api/v1/services");
        var vms = await api.GetAsync<List<VmDto>>(api.Operator, "/api/v1/vms");

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => before + i), results.Select(r => r.Result.Revision).Order());
        Assert.Equal(100, snapshot.Services.Count);
        Assert.Equal(before + 100, snapshot.Revision);
        Assert.Equal(100, listed.Count);
        Assert.Equal(100, snapshot.Allocations.Macs.Count);
        Assert.Equal(100, vms.Select(v => v.Interfaces[0].Mac).Distinct().Count());
    }

    [Fact]
    public async Task HundredParallelApplies_OneService_SerializedAndFinalStateIsTheLast()
    {
        await using var api = await ApiServer.StartAsync();
        string Yaml(int i) => Examples.Service("alpha", "web", cidr: $"10.{i}.0.0/24");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await api.PutServiceAsync(api.Alpha, "alpha", "web", Yaml(i));
            return (Index: i, response.StatusCode, Result: await ApiServer.ReadAsync<ApplyResultDto>(response));
        }));
        var stored = await api.GetAsync<ServiceDto>(api.Alpha, "/api/v1/tenants/alpha/services/web");
        var last = results.Single(r => r.Result.Version == 100);
        var networks = await api.GetAsync<List<NetworkDto>>(api.Alpha, "/api/v1/networks");

        Assert.Equal(Enumerable.Range(1, 100), results.Select(r => (int)r.Result.Version).Order());
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, results.Single(r => r.StatusCode == HttpStatusCode.Created).Result.Version);
        Assert.Equal(100, stored.Version);
        Assert.Equal(Yaml(last.Index), stored.Yaml);
        Assert.Equal($"10.{last.Index}.0.0/24", Assert.Single(networks).Cidr);
    }

    [Fact]
    public async Task IfMatch_StaleVersion_412AndNothingWritten()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web"))).Dispose();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web", cidr: "10.1.0.0/24"))).Dispose();
        var before = (await api.Store.ReadAsync(Ct)).Revision;

        using var stale = await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web", cidr: "10.2.0.0/24"), "\"1\"");
        using var staleDelete = await DeleteAsync(api, "\"1\"");
        using var current = await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web", cidr: "10.3.0.0/24"), "\"2\"");
        using var createOnly = await api.PutYamlAsync(api.Client(api.Alpha), "/api/v1/tenants/alpha/services/web", Examples.Service("alpha", "web"),
            ifNoneMatch: "*");
        using var currentDelete = await DeleteAsync(api, "\"3\"");

        ApiServer.AssertProblem(stale, HttpStatusCode.PreconditionFailed);
        Assert.Contains("version 2", await stale.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        ApiServer.AssertProblem(staleDelete, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("\"3\"", current.Headers.ETag?.ToString());
        ApiServer.AssertProblem(createOnly, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, currentDelete.StatusCode);
        Assert.Equal(before + 2, (await api.Store.ReadAsync(Ct)).Revision);
    }

    [Fact]
    public async Task IfMatch_Federation_StaleIs412()
    {
        await using var api = await ApiServer.StartAsync();

        using var stale = await api.PutYamlAsync(api.Client(api.Operator), "/api/v1/federation", Examples.PaperYaml, "\"7\"");
        using var current = await api.PutYamlAsync(api.Client(api.Operator), "/api/v1/federation", Examples.PaperYaml, "\"1\"");

        ApiServer.AssertProblem(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("\"2\"", current.Headers.ETag?.ToString());
    }

    private static async Task<HttpResponseMessage> DeleteAsync(ApiServer api, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/tenants/alpha/services/web");
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await api.Client(api.Alpha).SendAsync(request, Ct);
    }
}
