using FedNet.Planning;
using Microsoft.Data.Sqlite;

namespace FedNet.Store.Internal;

internal sealed partial class SqliteStore
{
    public Task<StoreSnapshot> ReadAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async (c, ct) =>
        {
            // One deferred read transaction: in WAL mode every statement below sees the same committed state.
            using var t = c.BeginTransaction(deferred: true);
            var revision = await ReadRevisionAsync(c, t, ct).ConfigureAwait(false);
            var federation = await ReadFederationAsync(c, t, ct).ConfigureAwait(false);
            var services = await ReadServicesAsync(c, t, null, ct).ConfigureAwait(false);
            var allocations = await ReadAllocationsAsync(c, t, revision, ct).ConfigureAwait(false);
            t.Commit();
            return new StoreSnapshot(revision, federation, services, allocations);
        }, cancellationToken);

    public Task<StoredFederation?> GetFederationAsync(CancellationToken cancellationToken = default) =>
        RunAsync((c, ct) => ReadFederationAsync(c, null, ct), cancellationToken);

    public Task<StoredService?> GetServiceAsync(string tenant, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(name);
        return RunAsync(async (c, ct) =>
        {
            using var command = Command(c, null, "SELECT tenant, name, yaml, version, updated_at FROM services WHERE tenant = $t AND name = $n");
            command.Parameters.AddWithValue("$t", tenant);
            command.Parameters.AddWithValue("$n", name);
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false) ? ServiceFrom(reader) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredService>> ListServicesAsync(string? tenant = null, CancellationToken cancellationToken = default) =>
        RunAsync((c, ct) => ReadServicesAsync(c, null, tenant, ct), cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(long afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return RunAsync<IReadOnlyList<JournalEntry>>(async (c, ct) =>
        {
            using var command = Command(c, null,
                "SELECT sequence, at, actor, summary, revision FROM journal WHERE sequence > $after ORDER BY sequence LIMIT $limit");
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var entries = new List<JournalEntry>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                entries.Add(new JournalEntry(reader.GetInt64(0), Time(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetInt64(4)));
            return entries;
        }, cancellationToken);
    }

    private static async Task<long> ReadRevisionAsync(SqliteConnection c, SqliteTransaction? t, CancellationToken ct)
    {
        using var command = Command(c, t, "SELECT revision FROM store_state WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    private async Task<Allocations> ReadAllocationsAsync(SqliteConnection c, SqliteTransaction t, long revision, CancellationToken ct)
    {
        if (_allocations is { } cached && cached.Revision == revision)
            return cached.Allocations;
        Allocations counters;
        using (var command = Command(c, t, "SELECT allocations FROM store_state WHERE id = 1"))
        using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await reader.ReadAsync(ct).ConfigureAwait(false);
            counters = AllocationsJson.Deserialize(reader.GetFieldValue<byte[]>(0));
        }
        var partitions = await ReadPartitionsAsync(c, t, ct).ConfigureAwait(false);
        var allocations = AllocationPartitions.Merge(counters, partitions.Values.Select(p => AllocationsJson.Deserialize(p.Json)));
        Remember(revision, allocations, partitions);
        return allocations;
    }

    private static async Task<Dictionary<ServiceKey, AllocationPartitions.Partition>> ReadPartitionsAsync(SqliteConnection c, SqliteTransaction t, CancellationToken ct)
    {
        using var command = Command(c, t, "SELECT tenant, service, json FROM allocations");
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var partitions = new Dictionary<ServiceKey, AllocationPartitions.Partition>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            partitions.Add(new ServiceKey(reader.GetString(0), reader.GetString(1)), new(null, reader.GetFieldValue<byte[]>(2)));
        return partitions;
    }

    private void Remember(long revision, Allocations allocations, Dictionary<ServiceKey, AllocationPartitions.Partition>? partitions)
    {
        // Keep the newest; a slow reader of an older revision must not replace it.
        if (_allocations is not { } cached || cached.Revision <= revision)
            _allocations = new CachedAllocations(revision, allocations, partitions);
    }

    private static async Task<StoredFederation?> ReadFederationAsync(SqliteConnection c, SqliteTransaction? t, CancellationToken ct)
    {
        using var command = Command(c, t, "SELECT name, yaml, version, updated_at FROM federation WHERE id = 1");
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? new StoredFederation(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), Time(reader.GetInt64(3)))
            : null;
    }

    private static async Task<IReadOnlyList<StoredService>> ReadServicesAsync(SqliteConnection c, SqliteTransaction? t, string? tenant,
        CancellationToken ct)
    {
        using var command = Command(c, t, tenant is null
            ? "SELECT tenant, name, yaml, version, updated_at FROM services ORDER BY tenant, name"
            : "SELECT tenant, name, yaml, version, updated_at FROM services WHERE tenant = $t ORDER BY tenant, name");
        if (tenant is not null)
            command.Parameters.AddWithValue("$t", tenant);
        using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var services = new List<StoredService>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            services.Add(ServiceFrom(reader));
        return services;
    }

    private static StoredService ServiceFrom(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), Time(reader.GetInt64(4)));
}
