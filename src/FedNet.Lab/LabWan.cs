namespace FedNet.Lab;

/// <summary>
/// What a transit's wide-area path does to frames, emulated by the lab's userspace forwarder: one-way delay, uniform
/// jitter of ±<see cref="Jitter"/> (order is kept, as netem's pfifo does), random loss and a serialization rate.
/// </summary>
public sealed record LabWan(TimeSpan Delay, TimeSpan Jitter, double LossPercent, long RateBitsPerSecond)
{
    /// <summary>The paper's 8-hop academic path (section V): 4 ms one way, 200 µs jitter, no loss, 1 Gbit/s.</summary>
    public static LabWan Default { get; } = new(TimeSpan.FromMilliseconds(4), TimeSpan.FromMicroseconds(200), 0, 1_000_000_000);

    /// <summary>A path that adds nothing (for links that only need to exist).</summary>
    public static LabWan None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, 0, 0);

    /// <summary>Lists what is wrong with the values (negative delay, jitter above delay, loss outside 0..100).</summary>
    public IEnumerable<string> Problems()
    {
        if (Delay < TimeSpan.Zero)
            yield return $"delay {Delay} is negative";
        if (Jitter < TimeSpan.Zero)
            yield return $"jitter {Jitter} is negative";
        if (Jitter > Delay)
            yield return $"jitter {Jitter} exceeds delay {Delay}";
        if (LossPercent is < 0 or > 100 || double.IsNaN(LossPercent))
            yield return $"loss {LossPercent}% is outside 0..100";
        if (RateBitsPerSecond < 0)
            yield return $"rate {RateBitsPerSecond} bit/s is negative";
    }

    public override string ToString() =>
        $"delay {Delay.TotalMilliseconds:0.###}ms jitter {Jitter.TotalMilliseconds:0.###}ms loss {LossPercent:0.###}% " +
        (RateBitsPerSecond > 0 ? $"rate {RateBitsPerSecond / 1e6:0.###}mbit" : "rate unlimited");
}
