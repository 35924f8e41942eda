using System.Buffers.Binary;
using FedNet.OpenFlow.Connections;
using Xunit;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>Protocol edge cases against a scripted fake switch on a loopback socket.</summary>
public sealed class SwitchConnectionFakeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(SwitchConnection Connection, FakeSwitch Fake, IDisposable Listener)> ConnectAsync(
        ulong dpid = 0xfeed, SwitchConnectionOptions? options = null, ListLogger? logger = null)
    {
        var (target, accept, listener) = FakeSwitch.Listen();
        var connecting = SwitchConnection.ConnectAsync(target, options, logger, Token);
        var fake = await accept().WaitAsync(Patience, Token);
        await fake.HandshakeAsync(dpid).WaitAsync(Patience, Token);
        var connection = await connecting.WaitAsync(Patience, Token);
        return (connection, fake, listener);
    }

    [Fact]
    public async Task ConnectAsync_FakeSwitchHandshake_ReportsDatapathIdAndTables()
    {
        var (connection, fake, listener) = await ConnectAsync(0x0000_1234_5678_9abc);
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        Assert.True(connection.IsConnected);
        Assert.Equal(0x0000_1234_5678_9abcUL, connection.DatapathId);
        Assert.Equal(254, connection.Features.NTables);
        Assert.Equal(OpenFlowCodec.Version13, connection.Version);
    }

    [Fact]
    public async Task ConnectAsync_PeerWithoutOpenFlow13_IsRefusedWithHelloFailedError()
    {
        var (target, accept, listener) = FakeSwitch.Listen();
        using var _ = listener;
        var connecting = SwitchConnection.ConnectAsync(target, cancellationToken: Token);
        await using var fake = await accept().WaitAsync(Patience, Token);
        // An OpenFlow 1.0-only switch: header version 1, bitmap with only bit 1.
        await fake.WriteAsync(FakeSwitch.Hello(7, 1u << 1, version: 1));

        var error = await Assert.ThrowsAsync<OpenFlowConnectionException>(() => connecting.WaitAsync(Patience, Token));
        Assert.Contains("OpenFlow 1.3", error.Message, StringComparison.Ordinal);
        var hello = await fake.ReadAsync(Token);
        Assert.Equal(0, hello.Type);
        var refusal = await fake.ReadAsync(Token);
        Assert.Equal(1, refusal.Type);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(refusal.Body)); // OFPET_HELLO_FAILED
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(refusal.Body.AsSpan(2))); // OFPHFC_INCOMPATIBLE
        Assert.True(await fake.IsClosedByPeerAsync(Token).WaitAsync(Patience, Token));
    }

    [Fact]
    public async Task ConnectAsync_PeerOfferingNewerVersionsToo_NegotiatesOpenFlow13()
    {
        var (target, accept, listener) = FakeSwitch.Listen();
        using var _ = listener;
        var connecting = SwitchConnection.ConnectAsync(target, cancellationToken: Token);
        await using var fake = await accept().WaitAsync(Patience, Token);
        // Spec 6.3.1: a 1.5 switch that also speaks 1.3 says so in its bitmap.
        await fake.WriteAsync(FakeSwitch.Hello(1, (1u << 4) | (1u << 6), version: 6));
        Assert.Equal(0, (await fake.ReadAsync(Token)).Type);
        var features = await fake.ExpectAsync(5, Token);
        await fake.WriteAsync(FakeSwitch.FeaturesReply(features.Xid, 42, 10));

        await using var connection = await connecting.WaitAsync(Patience, Token);
        Assert.Equal(42UL, connection.DatapathId);
    }

    [Fact]
    public async Task Connection_SwitchSendsEchoRequest_AnswersWithSameXidAndData()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        await fake.WriteAsync(FakeSwitch.Message(2, 0xabcdef, [1, 2, 3, 4, 5]));
        var reply = await fake.ExpectAsync(3, Token).WaitAsync(Patience, Token);

        Assert.Equal(0xabcdefu, reply.Xid);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, reply.Body);
    }

    [Fact]
    public async Task Connection_SilentPeer_IsClosedByEchoTimeout()
    {
        var logger = new ListLogger();
        var options = new SwitchConnectionOptions { EchoInterval = TimeSpan.FromMilliseconds(100), EchoTimeout = TimeSpan.FromMilliseconds(300) };
        var (connection, fake, listener) = await ConnectAsync(options: options, logger: logger);
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        // The fake reads the probe but never answers.
        var probe = await fake.ReadAsync(Token).WaitAsync(Patience, Token);
        await connection.Completion.WaitAsync(Patience, Token);

        Assert.Equal(2, probe.Type);
        Assert.False(connection.IsConnected);
        Assert.Contains("echo", connection.CloseReason, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Contains("1104", StringComparison.Ordinal));
        Assert.True(await fake.IsClosedByPeerAsync(Token).WaitAsync(Patience, Token));
    }

    [Fact]
    public async Task Connection_PeerAnsweringEchoes_StaysConnected()
    {
        var options = new SwitchConnectionOptions { EchoInterval = TimeSpan.FromMilliseconds(50), EchoTimeout = TimeSpan.FromSeconds(5) };
        var (connection, fake, listener) = await ConnectAsync(options: options);
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        // Three probes answered in turn (ExpectAsync answers echo requests while it waits).
        for (var i = 0; i < 3; i++)
        {
            var probe = await fake.ReadAsync(Token).WaitAsync(Patience, Token);
            Assert.Equal(2, probe.Type);
            await fake.WriteAsync(FakeSwitch.Message(3, probe.Xid, probe.Body));
        }

        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Connection_MalformedFrame_ClosesAndLogsReasonAndStreamOffset()
    {
        var logger = new ListLogger();
        var (connection, fake, listener) = await ConnectAsync(logger: logger);
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        // hello (16) + features reply (32) + echo request (8) = 56 bytes, then a header with version 9.
        await fake.WriteAsync(FakeSwitch.Message(2, 5, []));
        await fake.WriteAsync([9, 2, 0, 8, 0, 0, 0, 1]);
        await connection.Completion.WaitAsync(Patience, Token);

        Assert.Contains("offset 56", connection.CloseReason, StringComparison.Ordinal);
        var line = Assert.Single(logger.Lines, l => l.Contains("1102", StringComparison.Ordinal));
        Assert.Contains("offset 56", line, StringComparison.Ordinal);
        Assert.Contains("version", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_LengthBelowHeaderSize_ClosesWithoutWaitingForMoreBytes()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        await fake.WriteAsync([4, 2, 0, 4, 0, 0, 0, 1]);
        await connection.Completion.WaitAsync(Patience, Token);

        Assert.Contains("offset 50", connection.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_SwitchAnswersWithError_ThrowsOpenFlowErrorExceptionWithTypeAndCode()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        var asking = connection.RequestRoleAsync(OfpControllerRole.Master, 3, Token);
        var request = await fake.ExpectAsync(24, Token).WaitAsync(Patience, Token);
        byte[] body = [0, 11, 0, 2, .. request.Body]; // OFPET_ROLE_REQUEST_FAILED, OFPRRFC_BAD_ROLE
        await fake.WriteAsync(FakeSwitch.Message(1, request.Xid, body));

        var error = await Assert.ThrowsAsync<OpenFlowErrorException>(() => asking.WaitAsync(Patience, Token));
        Assert.Equal(OfpErrorType.RoleRequestFailed, error.Type);
        Assert.Equal(2, error.Code);
        Assert.Equal(request.Xid, error.Xid);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task RequestAsync_RepliesOutOfOrder_EachReachesItsOwnRequest()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        var first = connection.RequestRoleAsync(OfpControllerRole.Master, 1, Token);
        var second = connection.RequestRoleAsync(OfpControllerRole.Slave, 2, Token);
        var r1 = await fake.ExpectAsync(24, Token).WaitAsync(Patience, Token);
        var r2 = await fake.ExpectAsync(24, Token).WaitAsync(Patience, Token);
        await fake.WriteAsync(FakeSwitch.Message(25, r2.Xid, r2.Body));
        await fake.WriteAsync(FakeSwitch.Message(25, r1.Xid, r1.Body));

        Assert.NotEqual(r1.Xid, r2.Xid);
        var replies = new[] { await first.WaitAsync(Patience, Token), await second.WaitAsync(Patience, Token) }
            .Select(r => (r.Role, r.GenerationId)).ToHashSet();
        Assert.Equal([(OfpControllerRole.Master, 1UL), (OfpControllerRole.Slave, 2UL)], replies);
    }

    [Fact]
    public async Task RequestAsync_NoReply_ThrowsTimeoutNamingTheRequest()
    {
        var options = new SwitchConnectionOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) };
        var (connection, fake, listener) = await ConnectAsync(options: options);
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        var error = await Assert.ThrowsAsync<OpenFlowTimeoutException>(
            () => connection.GetConfigAsync(Token).WaitAsync(Patience, Token));

        Assert.Contains("GetConfigRequest", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task RequestAsync_PeerClosesWhileWaiting_ThrowsConnectionException()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var ___ = connection;

        var asking = connection.GetConfigAsync(Token);
        await fake.ExpectAsync(7, Token).WaitAsync(Patience, Token);
        await fake.DisposeAsync();

        var error = await Assert.ThrowsAsync<OpenFlowConnectionException>(() => asking.WaitAsync(Patience, Token));
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
        await connection.Completion.WaitAsync(Patience, Token);
    }

    [Fact]
    public async Task BarrierAsync_AfterRejectedSend_ThrowsThatErrorAndDeliversItUnsolicited()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        await connection.SendAsync(new SetConfig { Xid = 77, MissSendLength = 0xffff }, Token);
        var sent = await fake.ExpectAsync(9, Token).WaitAsync(Patience, Token);
        var barrier = connection.BarrierAsync(Token);
        var request = await fake.ExpectAsync(20, Token).WaitAsync(Patience, Token);
        byte[] body = [0, 10, 0, 1, .. sent.Body]; // OFPET_SWITCH_CONFIG_FAILED, OFPSCFC_BAD_LEN
        await fake.WriteAsync(FakeSwitch.Message(1, 77, body));
        await fake.WriteAsync(FakeSwitch.Message(21, request.Xid, []));

        var error = await Assert.ThrowsAsync<OpenFlowErrorException>(() => barrier.WaitAsync(Patience, Token));
        Assert.Equal(OfpErrorType.SwitchConfigFailed, error.Type);
        Assert.Equal(77u, error.Xid);
        var unsolicited = await connection.Unsolicited.ReadAsync(Token).AsTask().WaitAsync(Patience, Token);
        Assert.Equal(77u, Assert.IsType<ErrorMessage>(unsolicited).Xid);
        // The next barrier starts clean.
        var next = connection.BarrierAsync(Token);
        var request2 = await fake.ExpectAsync(20, Token).WaitAsync(Patience, Token);
        await fake.WriteAsync(FakeSwitch.Message(21, request2.Xid, []));
        await next.WaitAsync(Patience, Token);
    }

    [Fact]
    public async Task SendAsync_PeerStopsReading_BlocksUntilThePeerReadsAgain()
    {
        var options = new SwitchConnectionOptions { MaxQueuedBytes = 64 * 1024, EchoInterval = Timeout.InfiniteTimeSpan };
        var (connection, fake, listener) = await ConnectAsync(options: options);
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        // Each echo request carries 60 KB; with nobody reading, socket buffers and then the bounded queue fill up.
        var payload = new byte[60_000];
        ValueTask pending = default;
        var sent = 0;
        for (; sent < 10_000; sent++)
        {
            pending = connection.SendAsync(new EchoRequest { Xid = (uint)sent + 1000, Data = payload }, Token);
            if (!pending.IsCompleted)
                break;
        }
        Assert.False(pending.IsCompleted, $"{sent} sends of 60 KB all completed at once: no backpressure");
        // The blocked message was queued before its flush waited: reading all sent + 1 messages frees the sender.
        for (var i = 0; i <= sent; i++)
        {
            var m = await fake.ReadAsync(Token).WaitAsync(Patience, Token);
            Assert.Equal((uint)i + 1000, m.Xid);
        }
        await pending.AsTask().WaitAsync(Patience, Token);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task DisposeAsync_SenderStuckOnPeerThatStoppedReading_ClosesAndFailsTheSender()
    {
        var options = new SwitchConnectionOptions { MaxQueuedBytes = 64 * 1024, EchoInterval = Timeout.InfiniteTimeSpan };
        var (connection, fake, listener) = await ConnectAsync(options: options);
        using var _ = listener;
        await using var __ = fake;

        // Send until the socket buffers and the bounded queue are full and the sender waits for good.
        var sent = 0;
        var sender = Task.Run(async () =>
        {
            var payload = new byte[60_000];
            while (true)
            {
                await connection.SendAsync(new EchoRequest { Xid = (uint)sent + 1, Data = payload }, Token);
                Interlocked.Increment(ref sent);
            }
        }, Token);
        var last = -1;
        while (Volatile.Read(ref sent) != last)
        {
            last = Volatile.Read(ref sent);
            await Task.Delay(200, Token);
        }

        await connection.DisposeAsync().AsTask().WaitAsync(Patience, Token);

        Assert.False(sender.IsCompleted && !sender.IsFaulted, "the sender loop cannot end except by an exception");
        await Assert.ThrowsAsync<OpenFlowConnectionException>(() => sender.WaitAsync(Patience, Token));
        Assert.False(connection.IsConnected);
        Assert.True(last > 0);
    }
}
