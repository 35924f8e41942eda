using FedNet.Cli.Client;
using FedNet.Cli.Commands;
using FedNet.Store;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Cli.Tests;

/// <summary>The exit codes scripts rely on, against a real server (each test leaves the services it made deleted or unique).</summary>
public sealed class ExitCodeTests(ServeFixture serve) : IClassFixture<ServeFixture>, IDisposable
{
    private readonly List<string> _files = [];

    private static int _subnet;

    // Subnets of one tenant's services must not overlap: each service gets its own /24.
    private static string Service(string tenant, string name, string host = "kuas-rack1") => Service(tenant, name, host, Interlocked.Increment(ref _subnet));

    private static string Service(string tenant, string name, string host, int subnet) =>
        $"""
        # a comment line, so errors must keep the file's own line numbers
        tenant: {tenant}
        service: {name}
        networks:
          - {"{"} name: net, cidr: 10.9.{subnet}.0/24 {"}"}
        vms:
          - name: vm1
            placement: {"{"} host: {host} {"}"}
            interfaces: [{"{"} network: net {"}"}]

        """;

    private string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "fednet-cli-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        File.WriteAllText(path, text);
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var f in _files)
            File.Delete(f);
    }

    private async Task<(int Exit, string Output, string Error)> Apply(string path, string? token = null, long? ifMatch = null, bool wait = false)
    {
        using var client = serve.Client(token ?? serve.Operator);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ApplyCommand.RunAsync(client, new ApplyCommand.ApplySettings([path], wait, ifMatch, TimeSpan.FromMinutes(3)), output, error,
            TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Apply_UnknownHost_Exit65WithFileLineColumn()
    {
        var path = Write(Service("alpha", "badhost", host: "no-such-host"));
        var (exit, _, error) = await Apply(path);
        Assert.Equal(ExitCodes.DataError, exit);
        // The server validated the body; its line:col point into the file (the host is on line 8).
        Assert.Contains($"{path}:8:", error, StringComparison.Ordinal);
        Assert.Contains("no-such-host", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_LocalSyntaxError_Exit65NothingSent()
    {
        var path = Write("tenant: alpha\nservice: x\nnetworks: [\n");
        var (exit, _, error) = await Apply(path);
        Assert.Equal(ExitCodes.DataError, exit);
        Assert.Contains($"{path}:", error, StringComparison.Ordinal);
        Assert.Contains("nothing sent", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_MissingFile_Exit66()
    {
        var (exit, _, error) = await Apply("/nonexistent/service.yaml");
        Assert.Equal(ExitCodes.NoInput, exit);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_StaleIfMatch_Exit4()
    {
        var path = Write(Service("alpha", "etag"));
        var first = await Apply(path);
        Assert.True(first.Exit == 0, first.Error);
        var (exit, _, error) = await Apply(path, ifMatch: 7);
        Assert.Equal(RemoteCommand.Conflict, exit);
        Assert.Contains("412", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_UnknownToken_Exit77()
    {
        var (exit, _, error) = await Apply(Write(Service("alpha", "auth")), token: "not-a-token");
        Assert.Equal(RemoteCommand.NoPermission, exit);
        Assert.Contains("401", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_OtherTenantsService_Exit1AsIfMissing()
    {
        var (exit, _, error) = await Apply(Write(Service("beta", "notmine")), token: serve.Alpha);
        Assert.Equal(RemoteCommand.NotFound, exit);
        Assert.Contains("404", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Wait_NoSwitchReachable_Exit3Degraded()
    {
        var (exit, output, error) = await Apply(Write(Service("alpha", "waits")), wait: true);
        Assert.True(exit == RemoteCommand.Degraded, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("service alpha/waits created", output, StringComparison.Ordinal);
        Assert.Contains("service alpha/waits degraded", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ExistingThenAgain_Exit0ThenExit1()
    {
        var applied = await Apply(Write(Service("alpha", "gone")));
        Assert.True(applied.Exit == 0, applied.Error);
        using var client = serve.Client(serve.Operator);
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await DeleteCommand.RunAsync(client, "gone", null, null, output, error, TestContext.Current.CancellationToken));
        Assert.Contains("service alpha/gone deleted", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("- alpha/gone/vm1", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(RemoteCommand.NotFound, await DeleteCommand.RunAsync(client, "gone", null, null, output, error, TestContext.Current.CancellationToken));
        Assert.Equal(RemoteCommand.NotFound, await DeleteCommand.RunAsync(client, "gone", "alpha", null, output, error, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_ServerNotRunning_Exit69SaysIsItRunning()
    {
        var port = FreePort();
        using var client = new FedNetApiClient(new FedNetApiClientOptions { Server = new Uri($"http://127.0.0.1:{port}"), Token = "x" });
        var error = new StringWriter();
        var exit = await GetCommand.RunAsync(client, "services", "table", null, TextWriter.Null, error, TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Contains($"cannot reach fednet serve at http://127.0.0.1:{port}: is it running?", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FednetProcess_ServerNotRunning_Exit69()
    {
        var port = FreePort();
        var (exit, _, error) = await FednetCli.RunAsync(["get", "vms", "--server", $"http://127.0.0.1:{port}", "--token", "x"],
            TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Contains("is it running?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FednetProcess_GetAgainstServer_Exit0ListsFederationSites()
    {
        var (exit, output, error) = await FednetCli.RunAsync(["get", "federation", "--server", serve.Server.Address.ToString(), "--token", serve.Operator],
            TestContext.Current.CancellationToken);
        Assert.True(exit == 0, error);
        Assert.Contains("kuas", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreate_Offline_SecretAuthenticatesAndRevokeStopsIt()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fednet-cli-tok-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(0, await TokenCommands.CreateOfflineAsync(dir, new Api.Contracts.TokenRequestDto("tenant", "gamma", "ci"), output, error,
                TestContext.Current.CancellationToken));
            var secret = output.ToString().Trim();
            Assert.DoesNotContain('\n', secret);
            string id;
            await using (var store = await SqliteFedNetStore.OpenAsync(dir, TestContext.Current.CancellationToken))
            {
                var identity = await store.AuthenticateAsync(secret, TestContext.Current.CancellationToken);
                Assert.NotNull(identity);
                Assert.Equal(TokenRole.Tenant, identity.Role);
                Assert.Equal("gamma", identity.Tenant);
                id = identity.TokenId;
            }
            var list = new StringWriter();
            Assert.Equal(0, await TokenCommands.ListAsync(dir, list, error, TestContext.Current.CancellationToken));
            Assert.Contains(id, list.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, list.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, await TokenCommands.RevokeAsync(dir, id, TextWriter.Null, error, TestContext.Current.CancellationToken));
            await using (var store = await SqliteFedNetStore.OpenAsync(dir, TestContext.Current.CancellationToken))
                Assert.Null(await store.AuthenticateAsync(secret, TestContext.Current.CancellationToken));
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
