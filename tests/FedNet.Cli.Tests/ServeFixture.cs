using FedNet.Api;
using FedNet.Cli.Client;
using FedNet.Store;
using Xunit;

namespace FedNet.Cli.Tests;

/// <summary>
/// A real <c>fednet serve</c> (Kestrel on a free loopback port, the SQLite store in a temp directory, no lab: every switch
/// is unreachable, which plan and get do not care about) with the paper federation, an operator token and a tenant
/// token for alpha. Disposed (server, store, directory) even when a test failed.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private FedNetServer? _server;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "fednet-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public FedNetServer Server => _server ?? throw new InvalidOperationException("not started");

    public string Operator { get; private set; } = "";

    public string Alpha { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _server = await FedNetServer.StartAsync(new FedNetServerOptions
        {
            Listen = "http://127.0.0.1:0",
            DataDirectory = DataDirectory,
            AuditInterval = TimeSpan.FromMinutes(10),
            // Without a lab every switch fails to reconcile; that is expected here and not worth a log line.
            LogLevel = Microsoft.Extensions.Logging.LogLevel.None,
        });
        Operator = (await _server.Store.CreateTokenAsync(TokenRole.Operator, null, "cli tests")).Secret;
        Alpha = (await _server.Store.CreateTokenAsync(TokenRole.Tenant, "alpha", "cli tests")).Secret;
        using var client = Client(Operator);
        await client.PutFederationAsync(await File.ReadAllTextAsync(Path.Combine(Golden.Examples, "federation-paper.yaml")));
    }

    public FedNetApiClient Client(string? token) => new(new FedNetApiClientOptions { Server = Server.Address, Token = token });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A WAL file still closing; the OS cleans temp later.
        }
    }
}
