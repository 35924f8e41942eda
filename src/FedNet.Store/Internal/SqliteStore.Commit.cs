using System.Text;
using FedNet.Planning;
using Microsoft.Data.Sqlite;

namespace FedNet.Store.Internal;

internal sealed partial class SqliteStore
{
    public async Task<CommitResult> CommitAsync(StoreCommit commit, CancellationToken cancellationToken = default)
    {
        Validate(commit);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync((c, ct) => CommitAsync(c, commit, ct), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<CommitResult> CommitAsync(SqliteConnection c, StoreCommit commit, CancellationToken ct)
    {
        // BEGIN IMMEDIATE: take the write lock before reading the versions we check, so no other process can commit
        // between the check and the write. Everything below is one transaction: a crash leaves the old or the new state.
        using var t = c.BeginTransaction(deferred: false);
        var revision = await ReadRevisionAsync(c, t, ct).ConfigureAwait(false) + 1;
        var now = Now();
        var changes = new List<(string Kind, string? Tenant, string Name, long? Version)>();

        StoredFederation? federation = null;
        if (commit.Federation is { } f)
        {
            var current = await ScalarAsync(c, t, "SELECT version FROM federation WHERE id = 1", ct).ConfigureAwait(false);
            Check(null, f.Name, f.ExpectedVersion, current);
            using var write = Command(c, t, """
                INSERT INTO federation (id, name, yaml, version, updated_at) VALUES (1, $name, $yaml, $version, $at)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, yaml = excluded.yaml, version = excluded.version,
                    updated_at = excluded.updated_at
                """);
            write.Parameters.AddWithValue("$name", f.Name);
            write.Parameters.AddWithValue("$yaml", f.Yaml);
            write.Parameters.AddWithValue("$version", current + 1);
            write.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            await write.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            federation = new StoredFederation(f.Name, f.Yaml, current + 1, now);
            changes.Add(("federation", null, f.Name, current + 1));
        }

        var services = new List<StoredService>();
        using (var select = Command(c, t, "SELECT version FROM services WHERE tenant = $t AND name = $n"))
        using (var upsert = Command(c, t, """
            INSERT INTO services (tenant, name, yaml, version, updated_at) VALUES ($t, $n, $yaml, $version, $at)
            ON CONFLICT (tenant, name) DO UPDATE SET yaml = excluded.yaml, version = excluded.version, updated_at = excluded.updated_at
            """))
        using (var delete = Command(c, t, "DELETE FROM services WHERE tenant = $t AND name = $n"))
        {
            var selectTenant = select.Parameters.Add("$t", SqliteType.Text);
            var selectName = select.Parameters.Add("$n", SqliteType.Text);
            foreach (var w in commit.Services)
            {
                selectTenant.Value = w.Tenant;
                selectName.Value = w.Name;
                var current = (long?)await select.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0;
                Check(w.Tenant, w.Name, w.ExpectedVersion, current);
                if (w.Yaml is null)
                {
                    if (current == 0)
                        continue;
                    delete.Parameters.Clear();
                    delete.Parameters.AddWithValue("$t", w.Tenant);
                    delete.Parameters.AddWithValue("$n", w.Name);
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    changes.Add(("service", w.Tenant, w.Name, null));
                    continue;
                }
                upsert.Parameters.Clear();
                upsert.Parameters.AddWithValue("$t", w.Tenant);
                upsert.Parameters.AddWithValue("$n", w.Name);
                upsert.Parameters.AddWithValue("$yaml", w.Yaml);
                upsert.Parameters.AddWithValue("$version", current + 1);
                upsert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
                await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                services.Add(new StoredService(w.Tenant, w.Name, w.Yaml, current + 1, now));
                changes.Add(("service", w.Tenant, w.Name, current + 1));
            }
        }

        await WriteAllocationsAsync(c, t, revision, commit.Allocations, ct).ConfigureAwait(false);
        using (var state = Command(c, t, "UPDATE store_state SET revision = $revision WHERE id = 1"))
        {
            state.Parameters.AddWithValue("$revision", revision);
            await state.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        long sequence;
        using (var journal = Command(c, t,
            "INSERT INTO journal (at, actor, summary, revision) VALUES ($at, $actor, $summary, $revision) RETURNING sequence"))
        {
            journal.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            journal.Parameters.AddWithValue("$actor", commit.Actor);
            journal.Parameters.AddWithValue("$summary", commit.Summary);
            journal.Parameters.AddWithValue("$revision", revision);
            sequence = (long)(await journal.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }
        using (var change = Command(c, t,
            "INSERT INTO journal_changes (sequence, kind, tenant, name, version) VALUES ($s, $kind, $t, $n, $v)"))
        {
            foreach (var (kind, tenant, name, version) in changes)
            {
                change.Parameters.Clear();
                change.Parameters.AddWithValue("$s", sequence);
                change.Parameters.AddWithValue("$kind", kind);
                change.Parameters.AddWithValue("$t", (object?)tenant ?? DBNull.Value);
                change.Parameters.AddWithValue("$n", name);
                change.Parameters.AddWithValue("$v", (object?)version ?? DBNull.Value);
                await change.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        t.Commit();
        Remember(revision, commit.Allocations, _pendingPartitions);
        return new CommitResult(revision, federation, services);
    }

    /// <summary>
    /// Writes the counters and only the services' allocation rows that differ from the stored ones (compared as JSON
    /// bytes against the partitions of the previous revision, cached or read back).
    /// </summary>
    private async Task WriteAllocationsAsync(SqliteConnection c, SqliteTransaction t, long revision, Allocations allocations, CancellationToken ct)
    {
        _pendingPartitions = null;
        var cached = _allocations is { Partitions: not null } fresh && fresh.Revision == revision - 1 ? fresh : null;
        if (cached is not null && (ReferenceEquals(cached.Allocations, allocations) || cached.Allocations.Equals(allocations)))
        {
            _pendingPartitions = cached.Partitions;
            return;
        }
        var previous = cached?.Partitions ?? await ReadPartitionsAsync(c, t, ct).ConfigureAwait(false);
        // Only the counters moved (the planner hands back untouched maps as the same instances): no row to compare.
        var next = cached is null ? AllocationPartitions.Split(allocations, previous)
            : AllocationPartitions.SameMaps(cached.Allocations, allocations) ? previous
            : AllocationPartitions.Update(cached.Allocations, allocations, previous) ?? AllocationPartitions.Split(allocations, previous);
        using (var counters = Command(c, t, "UPDATE store_state SET allocations = $c WHERE id = 1"))
        {
            counters.Parameters.AddWithValue("$c", Encoding.UTF8.GetString(AllocationPartitions.Counters(allocations)));
            await counters.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        using (var upsert = Command(c, t, """
            INSERT INTO allocations (tenant, service, json) VALUES ($t, $s, $j)
            ON CONFLICT (tenant, service) DO UPDATE SET json = excluded.json
            """))
        {
            var pt = upsert.Parameters.Add("$t", SqliteType.Text);
            var ps = upsert.Parameters.Add("$s", SqliteType.Text);
            var pj = upsert.Parameters.Add("$j", SqliteType.Text);
            foreach (var (key, part) in next)
            {
                if (previous.TryGetValue(key, out var old) && (ReferenceEquals(old.Json, part.Json) || old.Json.AsSpan().SequenceEqual(part.Json)))
                    continue;
                (pt.Value, ps.Value, pj.Value) = (key.Tenant, key.Service, Encoding.UTF8.GetString(part.Json));
                await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        using (var delete = Command(c, t, "DELETE FROM allocations WHERE tenant = $t AND service = $s"))
        {
            var pt = delete.Parameters.Add("$t", SqliteType.Text);
            var ps = delete.Parameters.Add("$s", SqliteType.Text);
            foreach (var key in previous.Keys)
            {
                if (next.ContainsKey(key))
                    continue;
                (pt.Value, ps.Value) = (key.Tenant, key.Service);
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        _pendingPartitions = next;
    }

    private static async Task<long> ScalarAsync(SqliteConnection c, SqliteTransaction t, string sql, CancellationToken ct)
    {
        using var command = Command(c, t, sql);
        return (long?)await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0;
    }

    /// <summary>Throws (the caller's <c>using</c> rolls the transaction back) when the expected version is not the stored one.</summary>
    private static void Check(string? tenant, string name, long? expected, long actual)
    {
        if (expected is { } e && e != actual)
            throw new StoreConflictException(tenant, name, e, actual);
    }

    private static void Validate(StoreCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.Actor);
        ArgumentNullException.ThrowIfNull(commit.Summary);
        ArgumentNullException.ThrowIfNull(commit.Services);
        ArgumentNullException.ThrowIfNull(commit.Allocations);
        if (commit.Federation is { } f)
        {
            ArgumentException.ThrowIfNullOrEmpty(f.Name, "commit.Federation.Name");
            ArgumentNullException.ThrowIfNull(f.Yaml, "commit.Federation.Yaml");
            if (f.ExpectedVersion < 0)
                throw new ArgumentException($"Federation '{f.Name}': ExpectedVersion {f.ExpectedVersion} is negative.", nameof(commit));
        }
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < commit.Services.Count; i++)
        {
            var w = commit.Services[i] ?? throw new ArgumentException($"Services[{i}] is null.", nameof(commit));
            if (string.IsNullOrEmpty(w.Tenant) || string.IsNullOrEmpty(w.Name))
                throw new ArgumentException($"Services[{i}]: tenant and name must not be empty.", nameof(commit));
            if (w.ExpectedVersion < 0)
                throw new ArgumentException($"Services[{i}] '{w.Tenant}/{w.Name}': ExpectedVersion {w.ExpectedVersion} is negative.", nameof(commit));
            if (!seen.Add((w.Tenant, w.Name)))
                throw new ArgumentException($"Services[{i}]: '{w.Tenant}/{w.Name}' is written twice in one commit.", nameof(commit));
        }
    }
}
