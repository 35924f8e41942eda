namespace FedNet.Ovsdb;

/// <summary>Options of an <see cref="OvsdbClient"/>; every default is usable as is.</summary>
public sealed record OvsdbClientOptions
{
    /// <summary>Reconnect after the connection drops (default true). Monitors and locks are re-established.</summary>
    public bool Reconnect { get; init; } = true;

    /// <summary>First delay before reconnecting (default 100 ms); doubles after each failed attempt.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnect attempts (default 5 s).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a request may wait for its reply (default 60 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest message accepted from the peer (default 256 MiB); a bigger one drops the connection.</summary>
    public long MaxMessageBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted from the peer (default 64); OVSDB needs about 8.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>How many times an ensure retries after an optimistic-concurrency conflict (default 5).</summary>
    public int EnsureRetries { get; init; } = 5;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff)
            throw new ArgumentOutOfRangeException(nameof(MinBackoff), "need 0 < MinBackoff <= MaxBackoff");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "must be positive");
        if (MaxMessageBytes < 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxMessageBytes), "must be at least 1024");
        if (MaxDepth is < 8 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(MaxDepth), "must be between 8 and 1000");
        if (EnsureRetries < 0)
            throw new ArgumentOutOfRangeException(nameof(EnsureRetries), "must not be negative");
    }
}
