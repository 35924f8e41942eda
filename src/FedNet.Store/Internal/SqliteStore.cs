using System.Globalization;
using FedNet.Planning;
using Microsoft.Data.Sqlite;

namespace FedNet.Store.Internal;

/// <summary>
/// <see cref="IFedNetStore"/> over one SQLite file in WAL mode. Every operation takes a pooled connection of its own,
/// so the store is thread-safe; readers see a consistent snapshot (one read transaction) and never block the writer.
/// Commits of this process queue on a semaphore before <c>BEGIN IMMEDIATE</c>; other processes are held off by
/// SQLite's write lock and <c>busy_timeout</c>.
/// </summary>
internal sealed partial class SqliteStore : IFedNetStore
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly SqliteStoreOptions _options;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile CachedAllocations? _allocations;
    private volatile bool _disposed;

    // Written and read only under _writeGate, inside one commit.
    private Dictionary<ServiceKey, AllocationPartitions.Partition>? _pendingPartitions;

    private SqliteStore(string path, string connectionString, SqliteStoreOptions options)
    {
        _path = path;
        _connectionString = connectionString;
        _options = options;
        _pragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(options.DurableCommits ? "FULL" : "NORMAL")};");
    }

    /// <summary>The database file.</summary>
    public string Path => _path;

    public static SqliteStore Open(string dataDirectory, SqliteStoreOptions options, IReadOnlyList<Migration> migrations)
    {
        string path;
        try
        {
            Directory.CreateDirectory(dataDirectory);
            path = System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), SqliteFedNetStore.FileName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StoreException($"{dataDirectory}: cannot create the data directory: {e.Message}", e);
        }
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        var store = new SqliteStore(path, connectionString, options);
        try
        {
            using var connection = store.OpenConnection();
            using (var wal = connection.CreateCommand())
            {
                // Persistent in the file; WAL lets readers run during a commit and makes a commit one append + fsync.
                wal.CommandText = "PRAGMA journal_mode = WAL";
                var mode = (string?)wal.ExecuteScalar();
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new StoreException($"{path}: SQLite refused WAL mode (journal_mode is '{mode}').");
            }
            SchemaMigrator.Migrate(connection, path, migrations);
        }
        catch (SqliteException e)
        {
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            throw Wrap(path, e);
        }
        catch
        {
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            throw;
        }
        return store;
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
        return ValueTask.CompletedTask;
    }

    private SqliteConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> on a connection of its own; SQLite errors become <see cref="StoreException"/>.</summary>
    private async Task<T> RunAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await using var connection = OpenConnection();
            return await body(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw Wrap(_path, e);
        }
    }

    private static StoreException Wrap(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        // SQLITE_BUSY, SQLITE_LOCKED: another writer held the lock past busy_timeout.
        5 or 6 => new StoreException($"{path}: the store is locked by another writer: {e.Message}", e, transient: true),
        // SQLITE_NOTADB, SQLITE_CORRUPT
        26 or 11 => new StoreException($"{path}: not a FedNet store or damaged: {e.Message}", e),
        _ => new StoreException($"{path}: {e.Message}", e),
    };

    private DateTimeOffset Now() =>
        DateTimeOffset.FromUnixTimeMilliseconds(_options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>The parsed allocations of one revision and their per-service JSON: a read at an unchanged revision skips
    /// the JSON, and the next commit compares against the partitions instead of reading them back.</summary>
    private sealed record CachedAllocations(long Revision, Allocations Allocations, Dictionary<ServiceKey, AllocationPartitions.Partition>? Partitions);
}
