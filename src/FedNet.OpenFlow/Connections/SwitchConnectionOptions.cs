namespace FedNet.OpenFlow.Connections;

/// <summary>Settings for one <see cref="SwitchConnection"/>. Every property has a documented default.</summary>
public sealed record SwitchConnectionOptions
{
    /// <summary>The defaults.</summary>
    public static SwitchConnectionOptions Default { get; } = new();

    /// <summary>
    /// How long the connection may be quiet before an echo request is sent. Default 5 s (Open vSwitch's own
    /// inactivity probe). <see cref="Timeout.InfiniteTimeSpan"/> turns keepalive off.
    /// </summary>
    public TimeSpan EchoInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an echo request may go unanswered before the peer is declared dead and closed. Default 10 s.</summary>
    public TimeSpan EchoTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long hello and features may take after the socket is up. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a request (features, multipart, barrier, role, bundle control) waits for its reply unless the caller's
    /// token ends it sooner. Default 60 s, long enough for a barrier behind 100,000 flow-mods.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Encoded bytes that may wait for the socket before senders are made to wait (backpressure on a slow switch).
    /// Default 4 MiB.
    /// </summary>
    public int MaxQueuedBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Unsolicited messages (packet-in, flow-removed, port-status, stray errors) kept for a reader that is behind; more
    /// are dropped (and counted in the log) rather than stalling replies. Default 10,000.
    /// </summary>
    public int UnsolicitedCapacity { get; init; } = 10_000;

    /// <summary>
    /// Errors kept between two barriers for messages sent without waiting for a reply; <see cref="SwitchConnection.BarrierAsync"/>
    /// reports them. Default 1,000 (a barrier after more failures reports the first ones and the count).
    /// </summary>
    public int MaxErrorsPerBarrier { get; init; } = 1_000;

    /// <summary>The clock for keepalive and timeouts; tests pass a fake one. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting that makes no sense.</summary>
    public SwitchConnectionOptions Validate()
    {
        RequirePositive(EchoInterval, nameof(EchoInterval), allowInfinite: true);
        RequirePositive(EchoTimeout, nameof(EchoTimeout), allowInfinite: true);
        RequirePositive(HandshakeTimeout, nameof(HandshakeTimeout), allowInfinite: true);
        RequirePositive(RequestTimeout, nameof(RequestTimeout), allowInfinite: true);
        if (MaxQueuedBytes < 64 * 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxQueuedBytes), MaxQueuedBytes, "must be at least 64 KiB (one maximal OpenFlow message)");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(UnsolicitedCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxErrorsPerBarrier);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        return this;
    }

    private static void RequirePositive(TimeSpan value, string name, bool allowInfinite)
    {
        if (value <= TimeSpan.Zero && !(allowInfinite && value == Timeout.InfiniteTimeSpan))
            throw new ArgumentOutOfRangeException(name, value, "must be positive (or Timeout.InfiniteTimeSpan)");
    }
}
