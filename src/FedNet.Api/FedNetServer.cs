using FedNet.Api.Internal;
using FedNet.Api.Metrics;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace FedNet.Api;

/// <summary>
/// <c>fednet serve</c> as a service: the store, the REST API (minimal APIs, bearer tokens, problem details, OpenAPI at
/// <c>/openapi/v1.json</c>), the apply pipeline and the reconcile loop that keeps the switches at what the store says.
/// </summary>
public sealed class FedNetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IFedNetStore _store;
    private readonly bool _ownsStore;
    private readonly FedNetController _controller;
    private readonly ReconcileLoop _reconciler;
    private readonly ApplyPipeline _pipeline;
    private int _disposed;

    private FedNetServer(WebApplication app, IFedNetStore store, bool ownsStore, FedNetController controller, ReconcileLoop reconciler,
        ApplyPipeline pipeline, Uri address)
    {
        _app = app;
        _store = store;
        _ownsStore = ownsStore;
        _controller = controller;
        _reconciler = reconciler;
        _pipeline = pipeline;
        Address = address;
    }

    /// <summary>The address the server listens on (with the real port when the options asked for port 0).</summary>
    public Uri Address { get; }

    /// <summary>The store the server writes.</summary>
    public IFedNetStore Store => _store;

    /// <summary>The newest store revision whose reconcile finished (-1 before the first).</summary>
    public long ReconciledRevision => _reconciler.AppliedRevision;

    /// <summary>The controller driving the switches (its counters feed <c>/metrics</c>).</summary>
    public FedNetController Controller => _controller;

    /// <summary>
    /// Opens the store in <see cref="FedNetServerOptions.DataDirectory"/>, plans what it holds, starts listening and
    /// starts reconciling the switches to it.
    /// </summary>
    public static async Task<FedNetServer> StartAsync(FedNetServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var store = await SqliteFedNetStore.OpenAsync(options.DataDirectory, cancellationToken);
        try
        {
            return await StartAsync(options, store, ownsStore: true, cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts over a store the caller owns (tests, embedding).</summary>
    public static Task<FedNetServer> StartAsync(FedNetServerOptions options, IFedNetStore store, CancellationToken cancellationToken = default) =>
        StartAsync(options, store, ownsStore: false, cancellationToken);

    private static async Task<FedNetServer> StartAsync(FedNetServerOptions options, IFedNetStore store, bool ownsStore,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FedNetServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Listen);
        builder.Logging.ClearProviders();
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.IncludeScopes = true;
            });
        }
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", options.LogLevel < LogLevel.Warning ? LogLevel.Information : LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(store);
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("fednet.serve");

        IReadOnlyDictionary<string, NodeEndpoint> endpoints = new Dictionary<string, NodeEndpoint>();
        VmCoordinator? vms = null;
        IComputeDriver? compute = null;
        Func<IReadOnlyList<LabVmState>>? bound = null;
        if (options.Lab is { } labOptions)
        {
            var lab = new FederationLab(labOptions);
            if (lab.Exists)
            {
                endpoints = NodeEndpoint.FromLab(lab.ReadState());
                vms = VmCoordinator.ForLab(lab, logger);
                compute = new NamespaceComputeDriver(lab);
                bound = () => lab.ReadState().Vms;
            }
            else
            {
                ApiLog.NoLab(logger, labOptions.Id, labOptions.Root);
            }
        }
        var switchLog = new SwitchFailureLog(logger);
        var controller = new FedNetController(endpoints, options.Controller, switchLog);
        var board = new StatusBoard();
        var reconciler = new ReconcileLoop(controller, vms, compute, board, options.AuditInterval, logger, bound, switchLog);
        var pipeline = new ApplyPipeline(store, board, reconciler, logger);
        try
        {
            await pipeline.LoadAsync(cancellationToken);

            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.UseFedNetMetrics(controller);
            app.Use(ProblemMiddleware.InvokeAsync);
            app.Use(new BearerAuthentication(store).InvokeAsync);
            app.MapOpenApi();
            Endpoints.Map(app, pipeline, board, store);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            await controller.DisposeAsync();
            throw;
        }
        reconciler.Start();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Listen;
        ApiLog.Listening(logger, address, options.DataDirectory);
        return new FedNetServer(app, store, ownsStore, controller, reconciler, pipeline, new Uri(address));
    }

    /// <summary>
    /// Seeds an empty store with a federation and services (their YAML texts, one service each), as one commit. Returns
    /// false, writing nothing, when the store already holds a federation.
    /// </summary>
    public Task<bool> SeedAsync(string federationYaml, IReadOnlyList<string> serviceYamls, CancellationToken cancellationToken = default) =>
        _pipeline.SeedAsync(federationYaml, serviceYamls, cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires or the host is asked to stop (SIGTERM, SIGINT).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        // The host's console lifetime takes SIGTERM for itself (it only stops the application): listen to it too, or a
        // `kill PID` would leave the process running.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stop requested.
        }
    }

    /// <summary>Stops listening, stops reconciling, closes the switch connections and (when it opened it) the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Open event streams are cut.
            }
        }
        await _app.DisposeAsync();
        await _reconciler.DisposeAsync();
        await _controller.DisposeAsync();
        if (_ownsStore)
            await _store.DisposeAsync();
    }
}
