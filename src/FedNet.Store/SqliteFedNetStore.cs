using FedNet.Store.Internal;

namespace FedNet.Store;

/// <summary>Opens the SQLite-backed <see cref="IFedNetStore"/> (file <c>fednet.db</c> in the data directory, WAL mode,
/// schema migrated on open).</summary>
public static class SqliteFedNetStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "fednet.db";

    /// <summary>The newest schema version this build writes.</summary>
    public static int SchemaVersion => Migrations.Latest;

    /// <summary>The default data directory: <c>$FEDNET_DATA</c>, else <c>/var/lib/fednet</c>.</summary>
    public static string DefaultDataDirectory =>
        Environment.GetEnvironmentVariable("FEDNET_DATA") is { Length: > 0 } dir ? dir : "/var/lib/fednet";

    /// <summary>Opens (creating and migrating as needed) the store in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="StoreException">The schema is newer than this build knows, or the file cannot be opened.</exception>
    public static Task<IFedNetStore> OpenAsync(string dataDirectory, CancellationToken ct = default) =>
        OpenAsync(dataDirectory, new SqliteStoreOptions(), ct);

    /// <summary>Opens the store in <paramref name="dataDirectory"/> with <paramref name="options"/>.</summary>
    /// <exception cref="StoreException">The schema is newer than this build knows, or the file cannot be opened.</exception>
    public static Task<IFedNetStore> OpenAsync(string dataDirectory, SqliteStoreOptions options, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(options);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IFedNetStore>(SqliteStore.Open(dataDirectory, options, Migrations.All));
    }
}
