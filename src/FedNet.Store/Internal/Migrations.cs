using System.Text;
using Microsoft.Data.Sqlite;

namespace FedNet.Store.Internal;

/// <summary>
/// The ordered schema steps. <c>schema_version</c> holds the version reached; each step runs in its own
/// <c>BEGIN IMMEDIATE</c> transaction together with the bump of that version, so a crash mid-migration leaves the
/// previous version intact and the next open resumes. Never edit a released step; add a new one.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "federation, services, allocations, journal, tokens", (c, t) => Exec(c, t, """
            CREATE TABLE store_state (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                revision    INTEGER NOT NULL,
                allocations TEXT    NOT NULL
            );
            INSERT INTO store_state (id, revision, allocations)
                VALUES (1, 0, '{"format":1,"nextMacSuffix":1,"nextNetworkId":1,"nextVifId":1,"nextPolicyId":1}');

            CREATE TABLE federation (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                name       TEXT    NOT NULL,
                yaml       TEXT    NOT NULL,
                version    INTEGER NOT NULL CHECK (version >= 1),
                updated_at INTEGER NOT NULL
            );

            CREATE TABLE services (
                tenant     TEXT    NOT NULL,
                name       TEXT    NOT NULL,
                yaml       TEXT    NOT NULL,
                version    INTEGER NOT NULL CHECK (version >= 1),
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant, name)
            ) WITHOUT ROWID;

            CREATE TABLE journal (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                at       INTEGER NOT NULL,
                actor    TEXT    NOT NULL,
                summary  TEXT    NOT NULL,
                revision INTEGER NOT NULL UNIQUE
            );

            -- What each commit changed; version NULL = deleted. Kind 'federation' has tenant NULL.
            CREATE TABLE journal_changes (
                sequence INTEGER NOT NULL REFERENCES journal (sequence) ON DELETE CASCADE,
                kind     TEXT    NOT NULL CHECK (kind IN ('federation', 'service')),
                tenant   TEXT,
                name     TEXT    NOT NULL,
                version  INTEGER
            );
            CREATE INDEX journal_changes_by_sequence ON journal_changes (sequence);

            CREATE TABLE tokens (
                id          TEXT    PRIMARY KEY,
                secret_hash BLOB    NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
                role        TEXT    NOT NULL CHECK (role IN ('operator', 'tenant')),
                tenant      TEXT,
                description TEXT,
                created_at  INTEGER NOT NULL,
                revoked_at  INTEGER,
                CHECK ((role = 'tenant') = (tenant IS NOT NULL))
            );
            """)),
        new(2, "allocations split per service (store_state.allocations keeps only the counters)", SplitAllocations),
    ];

    /// <summary>The newest version this build knows.</summary>
    public static int Latest => All[^1].Version;

    private static void SplitAllocations(SqliteConnection connection, SqliteTransaction transaction)
    {
        Exec(connection, transaction, """
            CREATE TABLE allocations (
                tenant  TEXT NOT NULL,
                service TEXT NOT NULL,
                json    TEXT NOT NULL,
                PRIMARY KEY (tenant, service)
            ) WITHOUT ROWID;
            """);
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT allocations FROM store_state WHERE id = 1";
        var whole = AllocationsJson.Deserialize(Encoding.UTF8.GetBytes((string)select.ExecuteScalar()!));
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO allocations (tenant, service, json) VALUES ($t, $s, $j)";
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        var s = insert.Parameters.Add("$s", SqliteType.Text);
        var j = insert.Parameters.Add("$j", SqliteType.Text);
        foreach (var (key, part) in AllocationPartitions.Split(whole))
        {
            (t.Value, s.Value, j.Value) = (key.Tenant, key.Service, Encoding.UTF8.GetString(part.Json));
            insert.ExecuteNonQuery();
        }
        using var counters = connection.CreateCommand();
        counters.Transaction = transaction;
        counters.CommandText = "UPDATE store_state SET allocations = $c WHERE id = 1";
        counters.Parameters.AddWithValue("$c", Encoding.UTF8.GetString(AllocationPartitions.Counters(whole)));
        counters.ExecuteNonQuery();
    }

    private static void Exec(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
