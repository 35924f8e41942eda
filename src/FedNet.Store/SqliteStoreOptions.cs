namespace FedNet.Store;

/// <summary>Options of the SQLite store. Defaults suit a single <c>fednet serve</c> on one machine.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The clock for <c>UpdatedAt</c>, journal and token times. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long an operation waits for another process's write lock (<c>PRAGMA busy_timeout</c>). Default 10 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>PRAGMA synchronous=FULL</c> when true (default): a commit that returned survives power loss, not only a
    /// killed process. False uses NORMAL, which in WAL mode still never leaves a mix after a crash but may lose the
    /// last commits on power loss.
    /// </summary>
    public bool DurableCommits { get; init; } = true;
}
