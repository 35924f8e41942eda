using System.Diagnostics;
using Xunit;

namespace FedNet.Lab.Tests;

public sealed class WanForwarderTests
{
    private static readonly long Second = Stopwatch.Frequency;

    private static byte[] Ipv4Frame(byte[] destination, bool tagged)
    {
        var frame = new byte[(tagged ? 18 : 14) + 20];
        var offset = 12;
        if (tagged)
        {
            frame[12] = 0x81;
            frame[13] = 0x00;
            frame[15] = 100;
            offset = 16;
        }
        frame[offset] = 0x08;
        frame[offset + 1] = 0x00;
        destination.CopyTo(frame, offset + 2 + 16);
        return frame;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryDestination_Ipv4Frame_ReadsDestinationAddress(bool tagged)
    {
        Assert.True(WanForwarder.TryDestination(Ipv4Frame([172, 16, 0, 3], tagged), out var dst));
        Assert.Equal(0xAC100003u, dst);
    }

    [Fact]
    public void TryDestination_ArpOrTruncated_False()
    {
        var arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        Assert.False(WanForwarder.TryDestination(arp, out _));
        Assert.False(WanForwarder.TryDestination(Ipv4Frame([10, 0, 0, 1], false).AsSpan(0, 30), out _));
    }

    [Fact]
    public void PathState_DelayOnly_DepartsAfterDelay()
    {
        var path = new WanForwarder.PathState(new LabWan(TimeSpan.FromMilliseconds(4), TimeSpan.Zero, 0, 0));
        var now = 10 * Second;
        Assert.Equal(now + 4 * Second / 1000, path.Departure(now, 100));
    }

    [Fact]
    public void PathState_Rate_SerializesBackToBackFrames()
    {
        // 1 Mbit/s: a 1476-byte frame plus 24 bytes of wire overhead takes 12 ms.
        var path = new WanForwarder.PathState(new LabWan(TimeSpan.Zero, TimeSpan.Zero, 0, 1_000_000));
        var now = 10 * Second;
        var first = path.Departure(now, 1476);
        var second = path.Departure(now, 1476);
        Assert.Equal(now + 12 * Second / 1000, first);
        Assert.Equal(now + 24 * Second / 1000, second);
    }

    [Fact]
    public void PathState_BacklogBeyondLimit_Drops()
    {
        var path = new WanForwarder.PathState(new LabWan(TimeSpan.Zero, TimeSpan.Zero, 0, 1_000_000));
        var now = 10 * Second;
        var dropped = Enumerable.Range(0, 100).Select(_ => path.Departure(now, 1476)).Count(d => d is null);
        Assert.True(dropped > 70, $"{dropped} of 100 frames dropped; a 200 ms buffer at 1 Mbit/s holds about 17");
    }

    [Fact]
    public void PathState_FullLoss_DropsEverything() =>
        Assert.All(Enumerable.Range(0, 50), i =>
            Assert.Null(new WanForwarder.PathState(new LabWan(TimeSpan.Zero, TimeSpan.Zero, 100, 0)).Departure(i, 64)));

    [Fact]
    public void PathState_Jitter_StaysInRangeAndNeverReorders()
    {
        var delay = TimeSpan.FromMilliseconds(5);
        var jitter = TimeSpan.FromMilliseconds(2);
        var path = new WanForwarder.PathState(new LabWan(delay, jitter, 0, 0));
        long previous = 0;
        for (var i = 0; i < 1000; i++)
        {
            var now = 10 * Second + i * Second / 10_000; // a frame every 100 µs: jitter would reorder them
            var departure = path.Departure(now, 64)!.Value;
            Assert.True(departure >= previous, "departures went backwards");
            Assert.True(departure - now <= (delay + jitter).TotalSeconds * Second + 1);
            Assert.True(departure >= now + (delay - jitter).TotalSeconds * Second - 1);
            previous = departure;
        }
    }

    [Fact]
    public void PathState_ThirtyPercentLoss_DropsAboutThatShare()
    {
        var path = new WanForwarder.PathState(new LabWan(TimeSpan.Zero, TimeSpan.Zero, 30, 0));
        var dropped = Enumerable.Range(0, 20_000).Count(i => path.Departure(i, 64) is null);
        // Binomial(20000, 0.3): standard deviation about 65 frames; 0.27..0.33 is more than nine of them.
        Assert.InRange(dropped / 20_000.0, 0.27, 0.33);
    }
}
