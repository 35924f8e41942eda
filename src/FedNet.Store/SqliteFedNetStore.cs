namespace FedNet.Store;

/// <summary>Opens the SQLite-backed <see cref="IFedNetStore"/> (file <c>fednet.db</c>, WAL mode).</summary>
public static class SqliteFedNetStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "fednet.db";

    /// <summary>The default data directory: <c>$FEDNET_DATA</c>, else <c>/var/lib/fednet</c>.</summary>
    public static string DefaultDataDirectory =>
        Environment.GetEnvironmentVariable("FEDNET_DATA") is { Length: > 0 } dir ? dir : "/var/lib/fednet";

    /// <summary>Opens (creating and migrating as needed) the store in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="StoreException">The schema is newer than this build knows, or the file cannot be opened.</exception>
    public static Task<IFedNetStore> OpenAsync(string dataDirectory, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ct.ThrowIfCancellationRequested();
        throw new NotImplementedException("SqliteFedNetStore lands in the next commit.");
    }
}
