using FedNet.OpenFlow.Connections;
using Xunit;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>Keepalive with the default intervals, driven by a manual clock instead of real waiting.</summary>
public sealed class EchoClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(SwitchConnection, FakeSwitch, IDisposable)> ConnectAsync(ManualTimeProvider clock)
    {
        var (target, accept, listener) = FakeSwitch.Listen();
        var connecting = SwitchConnection.ConnectAsync(target, SwitchConnectionOptions.Default with { TimeProvider = clock }, cancellationToken: Token);
        var fake = await accept().WaitAsync(Patience, Token);
        await fake.HandshakeAsync(1).WaitAsync(Patience, Token);
        return (await connecting.WaitAsync(Patience, Token), fake, listener);
    }

    /// <summary>Advances the clock a second at a time (letting the loops run in between) until <paramref name="done"/>.</summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(ManualTimeProvider clock, Func<bool> done, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        while (!done() && advanced < limit)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            await Task.Delay(20, Token);
        }
        return advanced;
    }

    [Fact]
    public async Task Keepalive_DefaultOptionsAndSilentPeer_ProbesAfterFiveSecondsAndClosesTenSecondsLater()
    {
        var clock = new ManualTimeProvider();
        var (connection, fake, listener) = await ConnectAsync(clock);
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        var probe = fake.ReadAsync(Token);
        var untilProbe = await AdvanceUntilAsync(clock, () => probe.IsCompleted, TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await probe).Type);
        var untilClosed = await AdvanceUntilAsync(clock, () => !connection.IsConnected, TimeSpan.FromMinutes(1));

        Assert.InRange(untilProbe, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6));
        Assert.InRange(untilClosed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(11));
        Assert.False(connection.IsConnected);
        Assert.Contains("no echo reply within 00:00:10", connection.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keepalive_PeerAnswering_StaysUpForTwoMinutesOfFakeTime()
    {
        var clock = new ManualTimeProvider();
        var (connection, fake, listener) = await ConnectAsync(clock);
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;
        using var answering = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var echoes = 0;
        var responder = Task.Run(async () =>
        {
            while (!answering.IsCancellationRequested)
            {
                var m = await fake.ReadAsync(answering.Token);
                if (m.Type == 2)
                {
                    Interlocked.Increment(ref echoes);
                    await fake.WriteAsync(FakeSwitch.Message(3, m.Xid, m.Body));
                }
            }
        }, Token);

        // A second at a time, so each probe's reply (a real round trip) arrives well inside its 10 fake seconds.
        await AdvanceUntilAsync(clock, () => !connection.IsConnected, TimeSpan.FromMinutes(2));
        await answering.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => responder);

        Assert.True(connection.IsConnected, connection.CloseReason);
        Assert.InRange(echoes, 10, 25); // one probe per 5 quiet seconds
    }
}
