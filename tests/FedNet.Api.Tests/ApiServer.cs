using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedNet.Api.Contracts;
using FedNet.Lab;
using FedNet.Store;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>
/// A real <c>fednet serve</c> (Kestrel on a free loopback port, the SQLite store in a temp directory) with an operator
/// token and tokens for tenants alpha and beta; disposed (server, store, directory) even when a test failed.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private ApiServer(FedNetServer server, string directory, string op, string alpha, string beta)
    {
        Server = server;
        Directory = directory;
        Operator = op;
        Alpha = alpha;
        Beta = beta;
    }

    public FedNetServer Server { get; private set; }

    public string Directory { get; }

    public string Operator { get; }

    public string Alpha { get; }

    public string Beta { get; }

    public IFedNetStore Store => Server.Store;

    public static async Task<ApiServer> StartAsync(bool federation = true, LabOptions? lab = null, string? directory = null)
    {
        var dir = directory ?? Path.Combine(Path.GetTempPath(), "fednet-api-" + Guid.NewGuid().ToString("N")[..10]);
        var server = await FedNetServer.StartAsync(Options(dir, lab), TestContext.Current.CancellationToken);
        try
        {
            var op = await server.Store.CreateTokenAsync(TokenRole.Operator, null, "test operator");
            var alpha = await server.Store.CreateTokenAsync(TokenRole.Tenant, "alpha", "test alpha");
            var beta = await server.Store.CreateTokenAsync(TokenRole.Tenant, "beta", "test beta");
            var api = new ApiServer(server, dir, op.Secret, alpha.Secret, beta.Secret);
            if (federation)
            {
                using var put = await api.PutYamlAsync(api.Client(op.Secret), "/api/v1/federation", Examples.PaperYaml);
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }
            return api;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static FedNetServerOptions Options(string dir, LabOptions? lab) => new()
    {
        Listen = "http://127.0.0.1:0",
        DataDirectory = dir,
        Lab = lab,
        AuditInterval = TimeSpan.FromMinutes(10),
        LogLevel = Microsoft.Extensions.Logging.LogLevel.None,
    };

    /// <summary>Stops the server and starts a new one on the same data directory (a restart).</summary>
    public async Task RestartAsync(LabOptions? lab = null)
    {
        await Server.DisposeAsync();
        Server = await FedNetServer.StartAsync(Options(Directory, lab), TestContext.Current.CancellationToken);
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Server.Address, Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(client);
        return client;
    }

    public async Task<HttpResponseMessage> PutYamlAsync(HttpClient client, string path, string yaml, string? ifMatch = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(yaml, Encoding.UTF8, "application/yaml") };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PutServiceAsync(string token, string tenant, string name, string yaml, string? ifMatch = null) =>
        PutYamlAsync(Client(token), $"/api/v1/tenants/{tenant}/services/{name}", yaml, ifMatch);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (typeof(T) != typeof(ProblemDto) && !response.IsSuccessStatusCode)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, ApiJson.Options) ?? throw new InvalidOperationException("null body: " + text);
    }

    public async Task<T> GetAsync<T>(string token, string path)
    {
        using var response = await Client(token).GetAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<T>(response);
    }

    /// <summary>Polls the service's status until it is no longer applying (a reconcile covered its last commit).</summary>
    public async Task<ServiceStatusDto> SettledAsync(string tenant, string name, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await GetAsync<ServiceStatusDto>(Operator, $"/api/v1/tenants/{tenant}/services/{name}/status");
            if (status.State != ServiceStates.Applying)
                return status;
            Assert.True(DateTime.UtcNow < deadline, $"{tenant}/{name} still applying");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static void AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients)
            c.Dispose();
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A WAL file still closing: the temp directory is cleaned by the OS later.
        }
    }
}
