using FedNet.Control.Internal;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>The retry delays: capped exponential backoff with jitter, and option validation.</summary>
public sealed class ResilienceBackoffTests
{
    private static readonly ReconnectOptions Options = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(2),
        Multiplier = 2,
        Jitter = 0.2,
    };

    [Fact]
    public void Delay_NoJitter_DoublesFromInitialUntilTheCap()
    {
        var backoff = new Backoff(Options with { Jitter = 0 }, new Random(1));

        var delays = Enumerable.Range(1, 8).Select(a => backoff.Delay(a).TotalMilliseconds).ToList();

        Assert.Equal([100, 200, 400, 800, 1600, 2000, 2000, 2000], delays);
    }

    [Fact]
    public void Delay_WithJitter_StaysWithinTheSpreadAndVaries()
    {
        var backoff = new Backoff(Options, new Random(42));

        var samples = Enumerable.Range(0, 200).Select(_ => backoff.Delay(3).TotalMilliseconds).ToList();

        Assert.All(samples, ms => Assert.InRange(ms, 320, 480));
        Assert.True(samples.Distinct().Count() > 50, "jitter should spread retries");
        Assert.All(Enumerable.Range(0, 200).Select(_ => backoff.Delay(30).TotalMilliseconds), ms => Assert.InRange(ms, 1600, 2400));
    }

    [Fact]
    public void Delay_HugeAttempt_DoesNotOverflowAndStaysCapped()
    {
        var backoff = new Backoff(Options with { Jitter = 0 }, new Random(1));

        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(int.MaxValue));
    }

    [Theory]
    [InlineData(0, 1000, 2, 0.1, "InitialDelay")]
    [InlineData(500, 100, 2, 0.1, "MaxDelay")]
    [InlineData(100, 1000, 0.5, 0.1, "Multiplier")]
    [InlineData(100, 1000, 2, 1.0, "Jitter")]
    [InlineData(100, 1000, 2, -0.1, "Jitter")]
    public void Validate_OutOfRange_NamesTheOption(int initialMs, int maxMs, double multiplier, double jitter, string name)
    {
        var options = new ReconnectOptions
        {
            InitialDelay = TimeSpan.FromMilliseconds(initialMs),
            MaxDelay = TimeSpan.FromMilliseconds(maxMs),
            Multiplier = multiplier,
            Jitter = jitter,
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ControllerOptions { Reconnect = options }.Validate());
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Same(ControllerOptions.Default.Reconnect, ReconnectOptions.Default.Validate());
    }
}
