using System.Diagnostics;
using System.Globalization;
using FedNet.Planning;
using FedNet.Store;
using Microsoft.Data.Sqlite;

namespace FedNet.Benchmarks.Store;

/// <summary>
/// <c>scenario store [SERVICES] [COMMITS]</c>: commit throughput of <see cref="IFedNetStore.CommitAsync"/> (one
/// service per commit, allocations growing with it, synchronous=FULL) against two raw-SQLite baselines on the same
/// pragmas (the same rows as INSERTs in one transaction, and as one autocommit INSERT each); then fills the store to
/// SERVICES (default 10,000) services and reports update-commit throughput at that size, read time and the memory a
/// snapshot of every service holds.
/// </summary>
public sealed class StoreScenario : IScenario
{
    public string Name => "store";

    public string Description => "store commits/s vs raw SQLite INSERTs; memory and commit cost with 10,000 services stored";

    public async Task<int> RunAsync(string[] args)
    {
        var services = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var commits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var root = Path.Combine(Path.GetTempPath(), "fednet-store-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Console.WriteLine($"store: {commits:N0} single-service commits, then {services:N0} services stored; data under {root}");
            Console.WriteLine($"load average:            {LoadAverage()}   (other work on this machine inflates wall times)");
            var warm = Path.Combine(root, "warm");
            await using (var store = await SqliteFedNetStore.OpenAsync(warm))
                await CommitNewAsync(store, 0, 50, Allocations.Empty);

            // 1. Single-service commits on a growing store vs raw INSERTs.
            var storeDir = Path.Combine(root, "store");
            await using var s = await SqliteFedNetStore.OpenAsync(storeDir);
            var sw = Stopwatch.StartNew();
            var allocations = await CommitNewAsync(s, 0, commits, Allocations.Empty);
            var storeRate = commits / sw.Elapsed.TotalSeconds;
            var oneTransaction = RawInserts(Path.Combine(root, "raw1"), commits, oneTransaction: true);
            var autocommit = RawInserts(Path.Combine(root, "raw2"), commits, oneTransaction: false);
            Console.WriteLine($"store commits:           {storeRate,10:N0} commits/s  ({commits:N0} commits, 1 new service each, with its allocations)");
            Console.WriteLine($"raw INSERTs, 1 txn:      {oneTransaction,10:N0} rows/s     (baseline: same rows, one transaction)");
            Console.WriteLine($"raw INSERTs, autocommit: {autocommit,10:N0} commits/s  (baseline: one fsync'd transaction per row, no checks/journal/allocations)");
            Console.WriteLine($"ratio store/autocommit:  {storeRate / autocommit,10:N2} x    store/one-txn: {storeRate / oneTransaction:N4} x");

            // 2. Fill to SERVICES in commits of 100 services, then measure at that size.
            sw.Restart();
            for (var from = commits; from < services; from += 100)
            {
                var to = Math.Min(services, from + 100);
                for (var i = from; i < to; i++)
                    allocations = StoreWorkload.Add(allocations, i);
                var writes = Enumerable.Range(from, to - from).Select(i => new ServiceWrite(StoreWorkload.Key(i).Tenant, StoreWorkload.Key(i).Name, StoreWorkload.Yaml(i), 0)).ToList();
                await s.CommitAsync(new StoreCommit("bench", $"fill {from}", null, writes, allocations));
            }
            var fill = sw.Elapsed;
            var json = AllocationsJson.Serialize(allocations).Length;
            Console.WriteLine($"fill to {services:N0}:         {fill.TotalSeconds,10:N1} s     (commits of 100 services; allocations JSON {json / 1e6:N1} MB, {allocations.Macs.Count:N0} vifs)");

            const int Updates = 50;
            sw.Restart();
            for (var k = 0; k < Updates; k++)
            {
                var i = (k * 7919) % services;
                var (tenant, name) = StoreWorkload.Key(i);
                // As the planner does for a changed VM: a new MAC for one vif of this service, the counter moved on.
                var vif = new VifKey(new VmKey(tenant, name, "web"), 0);
                allocations = allocations with
                {
                    NextMacSuffix = allocations.NextMacSuffix + 1,
                    Macs = allocations.Macs.SetItem(vif, allocations.NextMacSuffix),
                };
                await s.CommitAsync(new StoreCommit("bench", $"update {i}", null, [new ServiceWrite(tenant, name, StoreWorkload.Yaml(i, k + 1))], allocations));
            }
            var changedRate = Updates / sw.Elapsed.TotalSeconds;
            sw.Restart();
            for (var k = 0; k < Updates; k++)
            {
                var i = (k * 104729) % services;
                var (tenant, name) = StoreWorkload.Key(i);
                await s.CommitAsync(new StoreCommit("bench", $"update {i}", null, [new ServiceWrite(tenant, name, StoreWorkload.Yaml(i, k + 100))], allocations));
            }
            var sameRate = Updates / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"update @ {services:N0}:        {changedRate,10:N1} commits/s  (one service and its allocations changed: its allocation row rewritten)");
            Console.WriteLine($"update @ {services:N0}:        {sameRate,10:N1} commits/s  (one service, allocations unchanged: no allocation row written)");

            // 3. Memory of a snapshot of everything, read by a fresh store instance (no cached allocations).
            await s.DisposeAsync();
            allocations = Allocations.Empty;
            Collect();
            var before = GC.GetTotalMemory(true);
            await using var reopened = await SqliteFedNetStore.OpenAsync(storeDir);
            sw.Restart();
            var snapshot = await reopened.ReadAsync();
            var coldRead = sw.Elapsed;
            sw.Restart();
            _ = await reopened.ReadAsync();
            var warmRead = sw.Elapsed;
            Collect();
            var held = GC.GetTotalMemory(true) - before;
            var yamlBytes = snapshot.Services.Sum(x => (long)x.Yaml.Length * 2);
            var file = new FileInfo(Path.Combine(storeDir, SqliteFedNetStore.FileName)).Length;
            Console.WriteLine($"read all (cold / warm):  {coldRead.TotalMilliseconds,10:N0} ms / {warmRead.TotalMilliseconds:N0} ms  ({snapshot.Services.Count:N0} services; warm skips the allocations JSON)");
            Console.WriteLine($"memory after {services:N0}:    {held / 1e6,10:N1} MB managed held by the store + one snapshot (YAML strings alone {yamlBytes / 1e6:N1} MB); " +
                $"working set {Environment.WorkingSet / 1e6:N0} MB; file {file / 1e6:N1} MB");
            GC.KeepAlive(snapshot);
            return snapshot.Services.Count == services ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<Allocations> CommitNewAsync(IFedNetStore store, int from, int count, Allocations allocations)
    {
        for (var i = from; i < from + count; i++)
        {
            allocations = StoreWorkload.Add(allocations, i);
            var (tenant, name) = StoreWorkload.Key(i);
            await store.CommitAsync(new StoreCommit("bench", $"create {tenant}/{name}", null, [new ServiceWrite(tenant, name, StoreWorkload.Yaml(i), 0)], allocations));
        }
        return allocations;
    }

    /// <summary>Rows (or commits) per second of plain INSERTs with the store's pragmas (WAL, synchronous=FULL).</summary>
    private static double RawInserts(string directory, int count, bool oneTransaction)
    {
        Directory.CreateDirectory(directory);
        using var c = new SqliteConnection($"Data Source={Path.Combine(directory, "raw.db")}");
        c.Open();
        using (var setup = c.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                CREATE TABLE services (tenant TEXT NOT NULL, name TEXT NOT NULL, yaml TEXT NOT NULL, version INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL, PRIMARY KEY (tenant, name)) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
        }
        var sw = Stopwatch.StartNew();
        var t = oneTransaction ? c.BeginTransaction() : null;
        using var insert = c.CreateCommand();
        insert.Transaction = t;
        insert.CommandText = "INSERT INTO services VALUES ($t, $n, $y, 1, $at)";
        var pt = insert.Parameters.Add("$t", SqliteType.Text);
        var pn = insert.Parameters.Add("$n", SqliteType.Text);
        var py = insert.Parameters.Add("$y", SqliteType.Text);
        var pa = insert.Parameters.Add("$at", SqliteType.Integer);
        for (var i = 0; i < count; i++)
        {
            (pt.Value, pn.Value) = StoreWorkload.Key(i);
            py.Value = StoreWorkload.Yaml(i);
            pa.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            insert.ExecuteNonQuery();
        }
        t?.Commit();
        t?.Dispose();
        return count / sw.Elapsed.TotalSeconds;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
