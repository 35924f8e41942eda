namespace FedNet.Control.Internal;

/// <summary>Capped exponential backoff with jitter: attempt n waits min(max, initial × multiplier^(n-1)) ± jitter.</summary>
internal sealed class Backoff(ReconnectOptions options, Random random)
{
    private readonly Lock _lock = new();

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var max = options.MaxDelay.TotalMilliseconds;
        // Computed in doubles and capped before it can overflow a TimeSpan.
        var baseMs = Math.Min(max, options.InitialDelay.TotalMilliseconds * Math.Pow(options.Multiplier, Math.Min(attempt - 1, 64)));
        double unit;
        lock (_lock)
            unit = random.NextDouble();
        var ms = baseMs * (1 + options.Jitter * (2 * unit - 1));
        return TimeSpan.FromMilliseconds(Math.Max(1, ms));
    }
}
