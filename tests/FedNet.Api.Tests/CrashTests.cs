using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FedNet.Api.Contracts;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;
using FedNet.Store;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>
/// Issue 8's crash test: <c>fednet serve</c> (a child process) on the paper lab's real switches, 20 applies through the
/// HTTP API each followed by a SIGKILL at a seeded random point; after each kill the store holds the old or the new
/// version of the service (YAML, version and allocations agree) and what the API answered before the kill still
/// holds after the restart; after the last restart every switch holds exactly what a fresh reconcile of the stored plan
/// writes.
/// </summary>
public sealed class CrashTests
{
    private const int Applies = 20;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public async Task KillDash9During20Applies_PaperLab_StoreHoldsOldOrNewAndSwitchesConvergeToTheStoredPlan()
    {
        Prerequisites.Require("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ip", "ethtool");
        var seed = Environment.GetEnvironmentVariable("FEDNET_CRASH_SEED") is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture) : Random.Shared.Next();
        Log($"seed {seed} (FEDNET_CRASH_SEED={seed} replays it)");
        var random = new Random(seed);
        var options = Examples.FreshLab();
        var lab = new FederationLab(options);
        var dir = Path.Combine(Path.GetTempPath(), "fednet-crash-" + Guid.NewGuid().ToString("N")[..10]);
        string[] args = ["--lab", options.Id, "--root", options.Root, "--audit-interval", "600"];
        try
        {
            await lab.UpAsync(LabTopology.Load(Examples.Paper), cancellationToken: Ct);
            string token;
            await using (var store = await SqliteFedNetStore.OpenAsync(dir, Ct))
                token = (await store.CreateTokenAsync(TokenRole.Operator, null, "crash test", Ct)).Secret;

            var serve = await ServeChild.StartAsync(dir, [.. args, "--federation", Examples.Paper, "-f", Examples.Path("elearning.yaml")], Ct);
            try
            {
                string[] sites = ["kuas", "ncku", "ntust"];
                var answeredBeforeKill = 0;
                for (var i = 0; i < Applies; i++)
                {
                    var key = (Tenant: "crash", Name: $"c{i % 4}");
                    var yaml = Examples.Service(key.Tenant, key.Name, sites[random.Next(sites.Length)], $"10.{100 + i}.0.0/24", $"vm{random.Next(3)}");
                    var delay = random.Next(0, 250);
                    using var client = Client(serve.Address, token);
                    var vmsBefore = await GetVmsAsync(client);
                    var before = await GetServiceAsync(client, key.Tenant, key.Name);

                    var put = PutAsync(client, $"/api/v1/tenants/{key.Tenant}/services/{key.Name}", yaml);
                    await Task.Delay(delay, Ct);
                    serve.KillDash9();
                    var answered = await put;
                    if (answered)
                        answeredBeforeKill++;
                    await serve.DisposeAsync();

                    var stored = await AssertStoreConsistentAsync(dir);
                    var now = stored.Services.SingleOrDefault(s => s.Tenant == key.Tenant && s.Name == key.Name);
                    var isNew = now is not null && now.Yaml == yaml && now.Version == (before?.Version ?? 0) + 1;
                    var isOld = before is null ? now is null : now is not null && now.Yaml == before.Yaml && now.Version == before.Version;
                    Log($"apply {i + 1} ({key.Tenant}/{key.Name}): SIGKILL {delay} ms after the PUT was sent; " +
                        $"{(answered ? "answered" : "not answered")}; store holds the {(isNew ? "new" : isOld ? "old" : "MIXED")} version");
                    Assert.True(isNew || isOld, $"apply {i + 1}: the store holds neither the old nor the new {key.Tenant}/{key.Name}");
                    Assert.True(!answered || isNew, $"apply {i + 1}: the API answered the PUT but the store lost it");

                    serve = await ServeChild.StartAsync(dir, args, Ct);
                    using var after = Client(serve.Address, token);
                    var served = await GetServiceAsync(after, key.Tenant, key.Name);
                    Assert.Equal(now?.Yaml, served?.Yaml);
                    Assert.Equal(now?.Version, served?.Version);
                    // What the API answered before the kill still holds: every other service's VMs (MACs, IPs, hosts)
                    // are unchanged, and so are the touched service's when the store kept its old version.
                    var vmsAfter = await GetVmsAsync(after);
                    Assert.Equal(Without(vmsBefore, key.Name, isNew), Without(vmsAfter, key.Name, isNew));
                }
                Log($"{answeredBeforeKill} of {Applies} PUTs were answered before their kill");

                // After the last restart: every service settles ready, then serve is killed and the switches compared, by
                // value, with what a fresh controller reconciling the store's plan leaves.
                using (var client = Client(serve.Address, token))
                {
                    var all = await GetAsync<List<ServiceSummaryDto>>(client, "/api/v1/services");
                    foreach (var s in all)
                    {
                        var status = await SettledAsync(client, s.Tenant, s.Name);
                        Assert.True(status.State == ServiceStates.Ready, $"{s.Tenant}/{s.Name}: {status.State} " + string.Join("; ", status.Switches));
                    }
                }
                serve.KillDash9();
            }
            finally
            {
                await serve.DisposeAsync();
            }

            var snapshot = await AssertStoreConsistentAsync(dir);
            var plan = PlanOf(snapshot);
            var state = lab.ReadState();
            var left = Dump(state, plan);
            ReconcileReport report;
            await using (var controller = new FedNetController(NodeEndpoint.FromLab(state)))
                report = await controller.ApplyAsync(plan, Ct);
            var fresh = Dump(state, plan);

            Assert.True(report.Succeeded, string.Join("\n", report.Failed));
            Assert.True(report.WasInSync, "a fresh reconcile of the stored plan still changed something:\n" + string.Join("\n", report.Switches));
            Assert.Equal(plan.State.Switches.Count, left.Count);
            Assert.All(left, kv => Assert.Equal(fresh[kv.Key], kv.Value));
            Assert.All(plan.State.Switches.Values, s => Assert.Contains("cookie=", left[s.Id.ToString()], StringComparison.Ordinal));
        }
        finally
        {
            await lab.DownAsync(cancellationToken: CancellationToken.None);
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // The store was never created.
            }
        }
    }

    /// <summary>The store's allocations are exactly those of its services: planning them again with it changes nothing.</summary>
    private static async Task<StoreSnapshot> AssertStoreConsistentAsync(string dir)
    {
        await using var store = await SqliteFedNetStore.OpenAsync(dir, Ct);
        var snapshot = await store.ReadAsync(Ct);
        var plan = PlanOf(snapshot);
        Assert.True(plan.Allocations == snapshot.Allocations, "the stored allocations are not those of the stored services");
        return snapshot;
    }

    private static NetworkPlan PlanOf(StoreSnapshot snapshot)
    {
        var federation = DescriptionReader.ReadFederation(snapshot.Federation!.Yaml, "federation").Value!;
        var services = snapshot.Services.Select(s => DescriptionReader.ReadService(s.Yaml, $"{s.Tenant}/{s.Name}").Value!).ToList();
        return Planner.Plan(federation, services, snapshot.Allocations);
    }

    /// <summary>Each switch's flows (no statistics) and meters, sorted, read with ovs-ofctl.</summary>
    private static Dictionary<string, string> Dump(LabState lab, NetworkPlan plan)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in plan.State.Switches.Keys)
        {
            var target = lab.Node(id.Node)!.ManagementTarget(id.Bridge);
            static string Sorted(string text) => string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith("OFPST", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            result[id.ToString()] = Sorted(Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", target)) + "\nmeters:\n" +
                Sorted(Shell.Run("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", target));
        }
        return result;
    }

    /// <summary>Each VM as text (its interfaces' MACs and IPs included), leaving out the touched service when it changed.</summary>
    private static List<string> Without(List<VmDto> vms, string service, bool dropIt) =>
        [.. vms.Where(v => !(dropIt && v.Tenant == "crash" && v.Service == service))
            .Select(v => $"{v.Tenant}/{v.Service}/{v.Name} on {v.Host} ({v.Site}): " + string.Join(", ", v.Interfaces.Select(i => $"{i.Network} {i.Mac} {i.Ip}")))];

    private static HttpClient Client(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>True when the PUT was answered with success before the connection died.</summary>
    private static async Task<bool> PutAsync(HttpClient client, string path, string yaml)
    {
        try
        {
            using var response = await client.PutAsync(path, new StringContent(yaml, Encoding.UTF8, "application/yaml"), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {body}");
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        return await ApiServer.ReadAsync<T>(response);
    }

    private static async Task<List<VmDto>> GetVmsAsync(HttpClient client) =>
        [.. (await GetAsync<List<VmDto>>(client, "/api/v1/vms")).OrderBy(v => $"{v.Tenant}/{v.Service}/{v.Name}", StringComparer.Ordinal)];

    private static async Task<ServiceDto?> GetServiceAsync(HttpClient client, string tenant, string name)
    {
        using var response = await client.GetAsync($"/api/v1/tenants/{tenant}/services/{name}", Ct);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : await ApiServer.ReadAsync<ServiceDto>(response);
    }

    private static async Task<ServiceStatusDto> SettledAsync(HttpClient client, string tenant, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = await GetAsync<ServiceStatusDto>(client, $"/api/v1/tenants/{tenant}/services/{name}/status");
            if (status.State != ServiceStates.Applying)
                return status;
            Assert.True(DateTime.UtcNow < deadline, $"{tenant}/{name} still applying");
            await Task.Delay(100, Ct);
        }
    }
}
