namespace FedNet.Control;

/// <summary>
/// How the controller retries a switch whose OpenFlow or OVSDB connection dropped or whose reconcile failed: capped
/// exponential backoff with jitter, per node, so one switch down never holds up the others.
/// </summary>
public sealed record ReconnectOptions
{
    /// <summary>The defaults.</summary>
    public static ReconnectOptions Default { get; } = new();

    /// <summary>Delay before the first retry. Default 200 ms.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two retries. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Factor applied to the delay after each failed retry. Default 2.</summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>
    /// Random spread around each delay, as a fraction of it (0.2 → ±20 %), so switches that failed together do not all
    /// come back at the same instant. Default 0.2.
    /// </summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Throws when an option is out of range.</summary>
    public ReconnectOptions Validate()
    {
        if (InitialDelay <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(InitialDelay), InitialDelay, "must be positive");
        if (MaxDelay < InitialDelay)
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "must be at least InitialDelay");
        if (!(Multiplier >= 1))
            throw new ArgumentOutOfRangeException(nameof(Multiplier), Multiplier, "must be at least 1");
        if (!(Jitter is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "must be in [0, 1)");
        return this;
    }
}
