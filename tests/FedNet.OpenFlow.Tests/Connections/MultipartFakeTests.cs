using FedNet.OpenFlow.Connections;
using Xunit;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>Multipart reassembly (REPLY_MORE) over a scripted fake switch that splits its replies.</summary>
public sealed class MultipartFakeTests
{
    private const ushort PortDesc = 13;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(SwitchConnection, FakeSwitch, IDisposable)> ConnectAsync()
    {
        var (target, accept, listener) = FakeSwitch.Listen();
        var connecting = SwitchConnection.ConnectAsync(target, cancellationToken: Token);
        var fake = await accept().WaitAsync(Patience, Token);
        await fake.HandshakeAsync(7).WaitAsync(Patience, Token);
        return (await connecting.WaitAsync(Patience, Token), fake, listener);
    }

    private static byte[] Ports(params uint[] numbers) => numbers.SelectMany(n => FakeSwitch.Port(n, $"port{n}")).ToArray();

    [Fact]
    public async Task PortDescriptions_ReplySplitInThreeWithMessagesBetween_ReassemblesInOrder()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        var asking = connection.PortDescriptionsAsync(Token);
        var request = await fake.ExpectAsync(18, Token).WaitAsync(Patience, Token);
        Assert.Equal(PortDesc, request.MultipartType);
        await fake.WriteAsync(FakeSwitch.MultipartReply(request.Xid, PortDesc, more: true, Ports(1, 2)));
        await fake.WriteAsync(FakeSwitch.Message(2, 99, [])); // an echo request between parts
        await fake.WriteAsync(FakeSwitch.MultipartReply(request.Xid, PortDesc, more: true, Ports(3)));
        await fake.WriteAsync(FakeSwitch.MultipartReply(request.Xid, PortDesc, more: false, Ports(4, 5)));

        var ports = await asking.WaitAsync(Patience, Token);
        Assert.Equal([1u, 2, 3, 4, 5], ports.Select(p => p.PortNo));
        Assert.Equal(["port1", "port2", "port3", "port4", "port5"], ports.Select(p => p.Name));
        Assert.Equal(99u, (await fake.ExpectAsync(3, Token).WaitAsync(Patience, Token)).Xid);
    }

    [Fact]
    public async Task Multipart_TwoRequestsWithInterleavedParts_EachGetsItsOwn()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        var first = connection.PortDescriptionsAsync(Token);
        var second = connection.PortDescriptionsAsync(Token);
        var r1 = await fake.ExpectAsync(18, Token).WaitAsync(Patience, Token);
        var r2 = await fake.ExpectAsync(18, Token).WaitAsync(Patience, Token);
        await fake.WriteAsync(FakeSwitch.MultipartReply(r2.Xid, PortDesc, more: true, Ports(20)));
        await fake.WriteAsync(FakeSwitch.MultipartReply(r1.Xid, PortDesc, more: true, Ports(10)));
        await fake.WriteAsync(FakeSwitch.MultipartReply(r1.Xid, PortDesc, more: false, Ports(11)));
        await fake.WriteAsync(FakeSwitch.MultipartReply(r2.Xid, PortDesc, more: false, Ports(21, 22)));

        Assert.Equal([10u, 11], (await first.WaitAsync(Patience, Token)).Select(p => p.PortNo));
        Assert.Equal([20u, 21, 22], (await second.WaitAsync(Patience, Token)).Select(p => p.PortNo));
    }

    [Fact]
    public async Task Multipart_ErrorAfterFirstPart_ThrowsOpenFlowErrorException()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        var asking = connection.PortDescriptionsAsync(Token);
        var request = await fake.ExpectAsync(18, Token).WaitAsync(Patience, Token);
        await fake.WriteAsync(FakeSwitch.MultipartReply(request.Xid, PortDesc, more: true, Ports(1)));
        byte[] error = [0, 1, 0, 12, .. request.Body]; // OFPET_BAD_REQUEST, OFPBRC_MULTIPART_BUFFER_OVERFLOW
        await fake.WriteAsync(FakeSwitch.Message(1, request.Xid, error));

        var thrown = await Assert.ThrowsAsync<OpenFlowErrorException>(() => asking.WaitAsync(Patience, Token));
        Assert.Equal(OfpErrorType.BadRequest, thrown.Type);
        Assert.Equal(12, thrown.Code);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Multipart_ReplyOfAnotherKind_ThrowsConnectionExceptionNamingBoth()
    {
        var (connection, fake, listener) = await ConnectAsync();
        using var _ = listener;
        await using var __ = fake;
        await using var ___ = connection;

        var asking = connection.PortDescriptionsAsync(Token);
        var request = await fake.ExpectAsync(18, Token).WaitAsync(Patience, Token);
        await fake.WriteAsync(FakeSwitch.MultipartReply(request.Xid, 3, more: false, new byte[24])); // one table-stats entry

        var thrown = await Assert.ThrowsAsync<OpenFlowConnectionException>(() => asking.WaitAsync(Patience, Token));
        Assert.Contains("Table", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("PortDesc", thrown.Message, StringComparison.Ordinal);
    }
}
