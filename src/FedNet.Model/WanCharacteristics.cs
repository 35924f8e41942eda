namespace FedNet.Model;

/// <summary>What the wide-area path of a transit looks like; the lab emulates it, the planner may use the rate.</summary>
/// <param name="Delay">One-way delay.</param>
/// <param name="Jitter">Delay variation.</param>
/// <param name="LossPercent">Packet loss, 0 to 100.</param>
/// <param name="RateBitsPerSecond">Capacity in bits per second; null when not limited.</param>
/// <param name="Location">Where the <c>wan:</c> mapping is written (the transit's location when absent).</param>
public sealed record WanCharacteristics(
    TimeSpan Delay,
    TimeSpan Jitter,
    double LossPercent,
    long? RateBitsPerSecond,
    SourceLocation Location = default)
{
    /// <summary>No delay, no jitter, no loss, no rate limit: what a transit without <c>wan:</c> gets.</summary>
    public static WanCharacteristics None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, 0, null);
}
