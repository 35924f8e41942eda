using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FedNet.Api;
using FedNet.Store;

namespace FedNet.Benchmarks.Api;

/// <summary>
/// <c>scenario api [--quick] [--duration S] [--clients N] [--applies N] [--stored N]</c>: a loopback <c>fednet serve</c>
/// (SQLite store in a temp directory, no lab) measured three ways, each beside its baseline in the same run:
/// apply throughput through the API (validate, plan, commit, answer) vs the same commits straight on the store; GET
/// latency under N concurrent clients (default 200, 60 s) vs <c>/healthz</c> on the same server (the HTTP floor); and
/// managed heap after N services are stored (default 10,000) vs the store's own snapshot of them.
/// </summary>
public sealed class ApiScenario : IScenario
{
    public string Name => "api";

    public string Description => "fednet serve: applies/s via HTTP vs store, GET p99 under 200 clients vs /healthz, heap at 10k services";

    public async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var duration = TimeSpan.FromSeconds(Arg(args, "--duration", quick ? 5 : 60));
        var clients = (int)Arg(args, "--clients", 200);
        var applies = (int)Arg(args, "--applies", quick ? 100 : 500);
        var stored = (int)Arg(args, "--stored", quick ? 1_000 : 10_000);
        Console.WriteLine($"scenario api: {applies} applies, GET with {clients} clients for {duration.TotalSeconds:0} s, heap at {stored:N0} services");
        Console.WriteLine($"reproduce: dotnet run -c Release --project bench/FedNet.Benchmarks -- scenario api{(quick ? " --quick" : "")}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; client and server share them (loopback)");

        await using var dirs = new TempDirs();
        await using var server = await FedNetServer.StartAsync(Options(dirs.New()));
        var token = (await server.Store.CreateTokenAsync(TokenRole.Operator, null, "bench")).Secret;
        using var http = Client(server.Address, token, clients);
        using var anonymous = Client(server.Address, null, clients);
        await PutAsync(http, "/api/v1/federation", ApiWorkload.FederationYaml());

        // 1. Apply throughput: sequential, then 8 writers at once (the API serializes plan+commit globally).
        var apiSequential = await ApplyThroughputAsync(i => PutAsync(http, Path(i), ApiWorkload.ServiceYaml(i)), 0, applies, 1);
        var apiParallel = await ApplyThroughputAsync(i => PutAsync(http, Path(i), ApiWorkload.ServiceYaml(i)), applies, applies, 8);
        await using (var store = await SqliteFedNetStore.OpenAsync(dirs.New()))
        {
            var fed = ApiWorkload.FederationYaml();
            await store.CommitAsync(new StoreCommit("bench", "federation", new FederationWrite("apibench", fed), [], FedNet.Planning.Allocations.Empty));
            var allocations = (await store.ReadAsync()).Allocations;
            Task Commit(int i) => store.CommitAsync(new StoreCommit("bench", "apply " + ApiWorkload.Name(i), null,
                [new ServiceWrite(ApiWorkload.Tenant(i), ApiWorkload.Name(i), ApiWorkload.ServiceYaml(i))], allocations));
            var storeSequential = await ApplyThroughputAsync(Commit, 0, applies, 1);
            var storeParallel = await ApplyThroughputAsync(Commit, applies, applies, 8);
            Console.WriteLine();
            Console.WriteLine("apply throughput (services/s)     fednet API   store only   API/store");
            Console.WriteLine($"  1 writer                         {apiSequential,10:0.0}   {storeSequential,10:0.0}   {apiSequential / storeSequential,9:0.00}");
            Console.WriteLine($"  8 writers                        {apiParallel,10:0.0}   {storeParallel,10:0.0}   {apiParallel / storeParallel,9:0.00}");
        }

        // 2. GET latency under load: a stored service (auth, store read of the snapshot, JSON, ETag) vs /healthz.
        var service = await LatencyAsync(http, $"/api/v1/tenants/{ApiWorkload.Tenant(3)}/services/{ApiWorkload.Name(3)}", clients, duration);
        // The floor is /healthz (no auth, no JSON); if that route fails on this build, a request refused by the auth
        // middleware (401 without a token: Kestrel, routing, problem details) stands in, and the table says so.
        var floorPath = "/healthz";
        using (var probe = await http.GetAsync(floorPath))
        {
            if (!probe.IsSuccessStatusCode)
            {
                Console.WriteLine($"(GET /healthz answered {(int)probe.StatusCode}: using an unauthenticated GET /api/v1/services, 401, as the floor)");
                floorPath = "";
            }
        }
        var health = floorPath.Length > 0
            ? await LatencyAsync(http, floorPath, clients, duration)
            : await LatencyAsync(anonymous, "/api/v1/services", clients, duration, expectSuccess: false);
        Console.WriteLine();
        Console.WriteLine($"GET under {clients} clients, {duration.TotalSeconds:0} s each   requests/s      p50 ms      p99 ms      max ms   errors");
        Console.WriteLine($"  GET service (fednet API)        {service.Rate,10:0}  {service.P50,10:0.00}  {service.P99,10:0.00}  {service.Max,10:0.00}   {service.Errors}");
        Console.WriteLine($"  {(floorPath.Length > 0 ? "GET /healthz (HTTP floor)    " : "GET 401 (HTTP + auth floor)  ")}    {health.Rate,10:0}  {health.P50,10:0.00}  {health.P99,10:0.00}  {health.Max,10:0.00}   {health.Errors}");
        Console.WriteLine($"  p99 ratio API/floor: {service.P99 / health.P99:0.00}");

        // 3. Memory with many services stored: a fresh server seeded with them in one commit, after a full GC.
        await MemoryAsync(dirs, stored);
        return 0;
    }

    private static string Path(int i) => $"/api/v1/tenants/{ApiWorkload.Tenant(i)}/services/{ApiWorkload.Name(i)}";

    private static FedNetServerOptions Options(string dir) => new()
    {
        Listen = "http://127.0.0.1:0",
        DataDirectory = dir,
        AuditInterval = TimeSpan.FromHours(1),
        LogLevel = Microsoft.Extensions.Logging.LogLevel.None,
    };

    private static HttpClient Client(Uri server, string? token, int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (token is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task PutAsync(HttpClient http, string path, string yaml)
    {
        using var response = await http.PutAsync(path, new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<double> ApplyThroughputAsync(Func<int, Task> apply, int first, int count, int writers)
    {
        var next = first - 1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < first + count)
                await apply(i);
        })));
        return count / clock.Elapsed.TotalSeconds;
    }

    private sealed record Latency(double Rate, double P50, double P99, double Max, int Errors);

    private static async Task<Latency> LatencyAsync(HttpClient http, string path, int clients, TimeSpan duration, bool expectSuccess = true)
    {
        var errors = 0;
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var samples = new List<double>(4096);
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                    if (response.IsSuccessStatusCode != expectSuccess)
                        Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return samples;
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = perClient.SelectMany(s => s).Order().ToArray();
        double At(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return new Latency(all.Length / elapsed, At(0.50), At(0.99), all.Length == 0 ? double.NaN : all[^1], errors);
    }

    private static async Task MemoryAsync(TempDirs dirs, int count)
    {
        var yamls = Enumerable.Range(0, count).Select(ApiWorkload.ServiceYaml).ToList();
        var fed = ApiWorkload.FederationYaml();
        var before = Heap();
        long storeHeap;
        var dir = dirs.New();
        var clock = Stopwatch.StartNew();
        await using (var server = await FedNetServer.StartAsync(Options(dir)))
        {
            if (!await server.SeedAsync(fed, yamls))
                throw new InvalidOperationException("seed refused: the store was not empty");
            var seeded = clock.Elapsed;
            var serverHeap = Heap() - before;
            var workingSet = Process.GetCurrentProcess().WorkingSet64;
            var dbBytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
            await server.DisposeAsync();
            var baseline = Heap();
            await using (var store = await SqliteFedNetStore.OpenAsync(dir))
            {
                var snapshot = await store.ReadAsync();
                storeHeap = Heap() - baseline;
                GC.KeepAlive(snapshot);
            }
            Console.WriteLine();
            Console.WriteLine($"memory with {count:N0} services stored (heap after a full GC)");
            Console.WriteLine($"  seed (validate + plan + one commit):      {seeded.TotalSeconds:0.0} s");
            Console.WriteLine($"  fednet serve holding them (plan, state):  {serverHeap / 1048576.0:0.0} MB  ({serverHeap / (double)count / 1024:0.0} KB/service)");
            Console.WriteLine($"  store snapshot alone (YAML + allocations): {storeHeap / 1048576.0:0.0} MB");
            Console.WriteLine($"  ratio server/store snapshot: {serverHeap / (double)Math.Max(1, storeHeap):0.0}");
            Console.WriteLine($"  process working set: {workingSet / 1048576.0:0} MB; fednet.db + WAL: {dbBytes / 1048576.0:0.0} MB");
        }
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Arg(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private sealed class TempDirs : IAsyncDisposable
    {
        private readonly List<string> _dirs = [];

        public string New()
        {
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fednet-apibench-" + Guid.NewGuid().ToString("N")[..8]);
            _dirs.Add(dir);
            return dir;
        }

        public ValueTask DisposeAsync()
        {
            foreach (var d in _dirs.Where(Directory.Exists))
            {
                try
                {
                    Directory.Delete(d, recursive: true);
                }
                catch (IOException)
                {
                }
            }
            return ValueTask.CompletedTask;
        }
    }
}
