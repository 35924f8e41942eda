using Microsoft.Data.Sqlite;

namespace FedNet.Store.Internal;

/// <summary>Brings a database to the newest schema this build knows, one step per transaction, and refuses a
/// database whose schema is newer (an older build must not write to it).</summary>
internal static class SchemaMigrator
{
    /// <summary>The schema version now in the file.</summary>
    public static int Migrate(SqliteConnection connection, string path, IReadOnlyList<Migration> steps)
    {
        var latest = steps.Count == 0 ? 0 : steps[^1].Version;
        var current = InTransaction(connection, t =>
        {
            Exec(connection, t, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    id      INTEGER PRIMARY KEY CHECK (id = 1),
                    version INTEGER NOT NULL
                );
                INSERT OR IGNORE INTO schema_version (id, version) VALUES (1, 0);
                """);
            return ReadVersion(connection, t);
        });
        if (current > latest)
        {
            throw new StoreException(
                $"{path}: the store's schema version is {current}, newer than this FedNet build understands ({latest}). " +
                "Run a newer FedNet (the file was not changed).");
        }
        foreach (var step in steps)
        {
            if (step.Version <= current)
                continue;
            current = InTransaction(connection, t =>
            {
                // Another process may have run this step while we waited for the write lock.
                var now = ReadVersion(connection, t);
                if (now >= step.Version)
                    return now;
                step.Apply(connection, t);
                using var bump = connection.CreateCommand();
                bump.Transaction = t;
                bump.CommandText = "UPDATE schema_version SET version = $v WHERE id = 1";
                bump.Parameters.AddWithValue("$v", step.Version);
                bump.ExecuteNonQuery();
                return step.Version;
            });
        }
        return current;
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_version WHERE id = 1";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static T InTransaction<T>(SqliteConnection connection, Func<SqliteTransaction, T> body)
    {
        // deferred: false = BEGIN IMMEDIATE, so two processes migrating at once queue instead of deadlocking.
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = body(transaction);
        transaction.Commit();
        return result;
    }

    private static void Exec(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
