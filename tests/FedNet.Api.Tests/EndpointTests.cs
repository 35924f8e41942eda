using System.Net;
using System.Text;
using System.Text.Json;
using FedNet.Api.Contracts;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>Every route of the contract over a real HTTP server, no lab (switches unreachable).</summary>
public sealed class EndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_NoToken_Ok()
    {
        await using var api = await ApiServer.StartAsync(federation: false);

        var text = await api.Client(null).GetStringAsync("/healthz", Ct);

        Assert.Equal("ok", text);
    }

    [Fact]
    public async Task Metrics_NoToken_PrometheusTextCountingTheReconciles()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web"))).Dispose();
        await api.SettledAsync("alpha", "web");

        using var response = await api.Client(null).GetAsync("/metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("fednet_apply_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("fednet_reconcile_duration_seconds_count", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Federation_BeforeAnyPut_404ProblemThenPutGivesSitesAndEtag()
    {
        await using var api = await ApiServer.StartAsync(federation: false);
        var client = api.Client(api.Operator);

        using (var missing = await client.GetAsync("/api/v1/federation", Ct))
            ApiServer.AssertProblem(missing, HttpStatusCode.NotFound);
        using var put = await api.PutYamlAsync(client, "/api/v1/federation", Examples.PaperYaml);
        var result = await ApiServer.ReadAsync<ApplyResultDto>(put);
        using var get = await client.GetAsync("/api/v1/federation", Ct);
        var federation = await ApiServer.ReadAsync<FederationDto>(get);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(1, result.Version);
        Assert.Equal("\"1\"", get.Headers.ETag?.ToString());
        Assert.Equal("paper", federation.Name);
        Assert.Equal(["kuas", "ncku", "ntust"], federation.Sites.Select(s => s.Name));
        Assert.Equal(["kuas-rack1", "kuas-rack2"], federation.Sites[0].Hosts);
        Assert.Equal("kuas-gw", federation.Sites[0].Gateway);
        Assert.Equal(["kuas-ncku", "kuas-ntust"], federation.Transits);
        Assert.Equal(Examples.PaperYaml, federation.Yaml);
    }

    [Fact]
    public async Task ServicePut_NewThenAgain_201Then200WithGrowingVersionAndEtag()
    {
        await using var api = await ApiServer.StartAsync();

        using var first = await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web"));
        var created = await ApiServer.ReadAsync<ApplyResultDto>(first);
        using var second = await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web", cidr: "10.9.0.0/24"));
        var updated = await ApiServer.ReadAsync<ApplyResultDto>(second);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("\"1\"", first.Headers.ETag?.ToString());
        Assert.Equal(("alpha", "web", 1L, "\"1\""), (created.Tenant, created.Service, created.Version, created.Etag));
        Assert.Equal(["alpha/web/net"], created.Diff.Networks.Added);
        Assert.Equal(["alpha/web/vm1"], created.Diff.Vms.Added);
        Assert.NotEmpty(created.Diff.Switches);
        Assert.All(created.Diff.Switches, s => Assert.True(s.FlowsAdded > 0 || s.RowsChanged > 0, s.ToString()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, updated.Version);
        Assert.True(updated.Revision > created.Revision);
        Assert.Equal(["alpha/web/net"], updated.Diff.Networks.Changed);
        Assert.Empty(updated.Diff.Vms.Added);
    }

    [Fact]
    public async Task ServiceGet_AfterPut_ReturnsYamlVersionStatusAndEtag()
    {
        await using var api = await ApiServer.StartAsync();
        var yaml = Examples.Service("alpha", "web");
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", yaml)).Dispose();

        using var response = await api.Client(api.Alpha).GetAsync("/api/v1/tenants/alpha/services/web", Ct);
        var service = await ApiServer.ReadAsync<ServiceDto>(response);

        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(("alpha", "web", 1L, yaml), (service.Tenant, service.Name, service.Version, service.Yaml));
        Assert.Contains(service.Status.State, new[] { ServiceStates.Applying, ServiceStates.Degraded });
    }

    [Fact]
    public async Task ServicePlan_NewService_DiffWithoutWritingAnything()
    {
        await using var api = await ApiServer.StartAsync();
        var client = api.Client(api.Alpha);
        var before = await api.Store.ReadAsync(Ct);

        using var response = await client.PostAsync("/api/v1/tenants/alpha/services/web/plan",
            new StringContent(Examples.Service("alpha", "web"), Encoding.UTF8, "application/yaml"), Ct);
        var diff = await ApiServer.ReadAsync<PlanDiffDto>(response);
        using var get = await client.GetAsync("/api/v1/tenants/alpha/services/web", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["alpha/web/net"], diff.Networks.Added);
        Assert.Equal(["alpha/web/vm1"], diff.Vms.Added);
        Assert.Contains(diff.Switches, s => s.Switch.StartsWith("kuas-", StringComparison.Ordinal) && s.FlowsAdded > 0);
        ApiServer.AssertProblem(get, HttpStatusCode.NotFound);
        Assert.Equal(before.Revision, (await api.Store.ReadAsync(Ct)).Revision);
    }

    [Fact]
    public async Task ServiceDelete_Existing200ThenGone404_Absent404()
    {
        await using var api = await ApiServer.StartAsync();
        var client = api.Client(api.Alpha);
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web"))).Dispose();

        using var delete = await client.DeleteAsync("/api/v1/tenants/alpha/services/web", Ct);
        var result = await ApiServer.ReadAsync<ApplyResultDto>(delete);
        using var get = await client.GetAsync("/api/v1/tenants/alpha/services/web", Ct);
        using var again = await client.DeleteAsync("/api/v1/tenants/alpha/services/web", Ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(["alpha/web/net"], result.Diff.Networks.Removed);
        Assert.Contains(result.Diff.Switches, s => s.FlowsRemoved > 0);
        ApiServer.AssertProblem(get, HttpStatusCode.NotFound);
        ApiServer.AssertProblem(again, HttpStatusCode.NotFound);
        Assert.Null(await api.Store.GetServiceAsync("alpha", "web", Ct));
    }

    [Fact]
    public async Task ServiceStatus_NoLab_DegradedNamingEachSwitchAndWhy()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web", site: "ncku"))).Dispose();

        var status = await api.SettledAsync("alpha", "web");

        Assert.Equal(ServiceStates.Degraded, status.State);
        Assert.Contains(status.Switches, s => s.Switch == "ncku-h1/br-int");
        Assert.DoesNotContain(status.Switches, s => s.Switch.StartsWith("ntust", StringComparison.Ordinal));
        Assert.All(status.Switches, s => Assert.Contains("no known OVSDB/OpenFlow endpoint", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServiceEvents_AfterPut_ProgressThenDoneWithFinalState()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web"))).Dispose();

        using var response = await api.Client(api.Alpha).GetAsync("/api/v1/tenants/alpha/services/web/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block => block.Split('\n')).ToList();
        var done = events[^1];
        var final = JsonSerializer.Deserialize<ProgressEventDto>(done[1]["data: ".Length..], ApiJson.Options)!;

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("event: done", done[0]);
        Assert.All(events[..^1], e => Assert.Equal("event: progress", e[0]));
        Assert.Equal(ServiceStates.Degraded, final.Step);
        Assert.Contains("failed", final.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetworksAndVms_Elearning_PlannedCidrVlansMacsAndIps()
    {
        await using var api = await ApiServer.StartAsync();
        var school = await api.Store.CreateTokenAsync(FedNet.Store.TokenRole.Tenant, "school", cancellationToken: Ct);
        using var put = await api.PutServiceAsync(school.Secret, "school", "elearning", Examples.ElearningYaml);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var networks = await api.GetAsync<List<NetworkDto>>(school.Secret, "/api/v1/networks");
        var vms = await api.GetAsync<List<VmDto>>(school.Secret, "/api/v1/vms");

        var back = Assert.Single(networks, n => n.Name == "back");
        Assert.Equal(("school", "elearning", "10.0.2.0/24"), (back.Tenant, back.Service, back.Cidr));
        Assert.Equal(["kuas", "ncku", "ntust"], back.Vlans.Select(v => v.Site));
        Assert.Equal(5, vms.Count);
        var portal = Assert.Single(vms, v => v.Name == "portal");
        Assert.Equal("kuas", portal.Site);
        Assert.Equal(["front", "back"], portal.Interfaces.Select(i => i.Network));
        Assert.Equal(("02:fe:00:00:00:99", "10.0.2.10"), (portal.Interfaces[1].Mac, portal.Interfaces[1].Ip));
        var db = Assert.Single(vms, v => v.Name == "school-db");
        Assert.Equal(("ncku-h1", "ncku", "10.0.2.20"), (db.Host, db.Site, db.Interfaces[0].Ip));
    }

    [Fact]
    public async Task VmDetail_Portal_VlansPerSiteAndPathToEachPeer()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Operator, "school", "elearning", Examples.ElearningYaml)).Dispose();

        var vm = await api.GetAsync<VmDetailDto>(api.Operator, "/api/v1/tenants/school/vms/portal");

        Assert.Equal(("school", "elearning", "portal", "kuas"), (vm.Tenant, vm.Service, vm.Name, vm.Site));
        var back = Assert.Single(vm.Interfaces, i => i.Network == "back");
        Assert.Equal(["kuas", "ncku", "ntust"], back.Vlans.Select(v => v.Site));
        Assert.Equal(PathTypes.Vpls, Assert.Single(vm.Peers, p => p.Peer == "school-db").Path);
        Assert.Equal(["kuas-ncku"], Assert.Single(vm.Peers, p => p.Peer == "school-db").Transits);
        Assert.Equal(PathTypes.Gre, Assert.Single(vm.Peers, p => p.Peer == "app-server").Path);
        Assert.Contains(vm.Peers, p => p.Peer == "auth" && p.Network == "front" && p.Path is PathTypes.Lan or PathTypes.Local);
        var app = await api.GetAsync<VmDetailDto>(api.Operator, "/api/v1/tenants/school/vms/app-server");
        Assert.Equal(PathTypes.MultiHop, Assert.Single(app.Peers, p => p.Peer == "school-db").Path);
    }

    [Fact]
    public async Task Tokens_OperatorCreatesTenantToken_WorksForItsTenantUntilRevoked()
    {
        await using var api = await ApiServer.StartAsync();
        var op = api.Client(api.Operator);

        using var create = await op.PostAsync("/api/v1/tokens",
            new StringContent("""{"role":"tenant","tenant":"gamma","description":"ci"}""", Encoding.UTF8, "application/json"), Ct);
        var token = await ApiServer.ReadAsync<TokenCreatedDto>(create);
        using var put = await api.PutServiceAsync(token.Secret, "gamma", "web", Examples.Service("gamma", "web"));
        var listed = await api.GetAsync<List<TokenInfoDto>>(api.Operator, "/api/v1/tokens");
        using var revoke = await op.DeleteAsync($"/api/v1/tokens/{token.Id}", Ct);
        using var after = await api.Client(token.Secret).GetAsync("/api/v1/services", Ct);

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.StartsWith("fn_", token.Secret, StringComparison.Ordinal);
        Assert.Equal(("tenant", "gamma"), (token.Role, token.Tenant));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Contains(listed, t => t.Id == token.Id && t.Tenant == "gamma" && t.Description == "ci");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        ApiServer.AssertProblem(after, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", after.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task ServicesList_OperatorAllOrFiltered_TenantOnlyItsOwn()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web"))).Dispose();
        (await api.PutServiceAsync(api.Beta, "beta", "web", Examples.Service("beta", "web"))).Dispose();
        (await api.PutServiceAsync(api.Beta, "beta", "db", Examples.Service("beta", "db", site: "ncku", cidr: "10.1.0.0/24"))).Dispose();

        var all = await api.GetAsync<List<ServiceSummaryDto>>(api.Operator, "/api/v1/services");
        var filtered = await api.GetAsync<List<ServiceSummaryDto>>(api.Operator, "/api/v1/services?tenant=beta");
        var alpha = await api.GetAsync<List<ServiceSummaryDto>>(api.Alpha, "/api/v1/services");
        var alphaAsksBeta = await api.GetAsync<List<ServiceSummaryDto>>(api.Alpha, "/api/v1/services?tenant=beta");
        var betaOwn = await api.GetAsync<List<ServiceSummaryDto>>(api.Beta, "/api/v1/tenants/beta/services");

        Assert.Equal(["alpha/web", "beta/db", "beta/web"], all.Select(s => $"{s.Tenant}/{s.Name}"));
        Assert.Equal(["beta/db", "beta/web"], filtered.Select(s => $"{s.Tenant}/{s.Name}"));
        Assert.Equal(["alpha/web"], alpha.Select(s => $"{s.Tenant}/{s.Name}"));
        Assert.Empty(alphaAsksBeta);
        Assert.Equal(["db", "web"], betaOwn.Select(s => s.Name));
        Assert.All(all, s => Assert.Equal((1, 1, 1L), (s.Networks, s.Vms, s.Version)));
    }

    [Fact]
    public async Task UnknownRoute_404ProblemDetails()
    {
        await using var api = await ApiServer.StartAsync(federation: false);

        using var response = await api.Client(api.Operator).GetAsync("/api/v1/nothing-here", Ct);

        ApiServer.AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ServicePut_WithoutFederation_409SayingSo()
    {
        await using var api = await ApiServer.StartAsync(federation: false);

        using var response = await api.PutServiceAsync(api.Operator, "alpha", "web", Examples.Service("alpha", "web"));

        ApiServer.AssertProblem(response, HttpStatusCode.Conflict);
        Assert.Contains("no federation", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_SameDataDirectory_ServicesVersionsAndAllocationsKept()
    {
        await using var api = await ApiServer.StartAsync();
        (await api.PutServiceAsync(api.Operator, "school", "elearning", Examples.ElearningYaml)).Dispose();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web"))).Dispose();
        (await api.PutServiceAsync(api.Alpha, "alpha", "web", Examples.Service("alpha", "web", cidr: "10.7.0.0/24"))).Dispose();
        var vmsBefore = await api.GetAsync<List<VmDto>>(api.Operator, "/api/v1/vms");

        await api.RestartAsync();
        var service = await api.GetAsync<ServiceDto>(api.Operator, "/api/v1/tenants/alpha/services/web");
        var vmsAfter = await api.GetAsync<List<VmDto>>(api.Operator, "/api/v1/vms");
        var status = await api.SettledAsync("school", "elearning");

        Assert.Equal(2, service.Version);
        Assert.Contains("10.7.0.0/24", service.Yaml, StringComparison.Ordinal);
        Assert.Equal(JsonSerializer.Serialize(vmsBefore), JsonSerializer.Serialize(vmsAfter));
        Assert.Equal(ServiceStates.Degraded, status.State);
    }
}
