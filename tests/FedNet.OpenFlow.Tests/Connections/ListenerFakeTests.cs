using System.Net;
using FedNet.OpenFlow.Connections;
using Xunit;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>The listener on TCP loopback with scripted fake switches connecting in.</summary>
public sealed class ListenerFakeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static OpenFlowListener StartOnFreePort(SwitchConnectionOptions? options = null) => OpenFlowListener.Start(new OpenFlowListenerOptions
    {
        Endpoints = ["tcp:127.0.0.1:0"],
        Connection = options ?? SwitchConnectionOptions.Default,
    });

    private static IPEndPoint EndPoint(OpenFlowListener listener) => new(IPAddress.Loopback, listener.LocalEndpoints[0].Port);

    [Fact]
    public void Options_Defaults_ListenOnLoopback6653()
    {
        var options = new OpenFlowListenerOptions().Validate();

        var endpoint = OpenFlowEndpoint.Parse(Assert.Single(options.Endpoints));
        Assert.Equal(OpenFlowTransport.Tcp, endpoint.Transport);
        Assert.Equal("127.0.0.1", endpoint.HostOrPath);
        Assert.Equal(6653, endpoint.Port);
    }

    [Theory]
    [InlineData("tcp:10.0.0.1:6633", OpenFlowTransport.Tcp, "10.0.0.1", 6633)]
    [InlineData("ptcp:[::1]:6653", OpenFlowTransport.Tcp, "::1", 6653)]
    [InlineData("tcp:switch.example", OpenFlowTransport.Tcp, "switch.example", 6653)]
    [InlineData("unix:/run/ovs/br0.mgmt", OpenFlowTransport.Unix, "/run/ovs/br0.mgmt", 0)]
    [InlineData("punix:/tmp/c.sock", OpenFlowTransport.Unix, "/tmp/c.sock", 0)]
    public void Endpoint_Parse_ReadsOvsTargetSyntax(string text, OpenFlowTransport transport, string host, int port)
    {
        var endpoint = OpenFlowEndpoint.Parse(text);

        Assert.Equal((transport, host, port), (endpoint.Transport, endpoint.HostOrPath, endpoint.Port));
    }

    [Theory]
    [InlineData("br0")]
    [InlineData("ssl:1.2.3.4:6653")]
    [InlineData("tcp:1.2.3.4:99999")]
    [InlineData("tcp::6653")]
    [InlineData("unix:")]
    public void Endpoint_ParseBadTarget_ThrowsFormatExceptionQuotingIt(string text)
    {
        var error = Assert.Throws<FormatException>(() => OpenFlowEndpoint.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listener_TwoSwitchesOverTcp_ListsBothByDatapathId()
    {
        await using var listener = StartOnFreePort();
        await using var a = await FakeSwitch.ConnectAsync(EndPoint(listener));
        await using var b = await FakeSwitch.ConnectAsync(EndPoint(listener));

        await Task.WhenAll(a.HandshakeAsync(1), b.HandshakeAsync(2)).WaitAsync(Patience, Token);
        var first = await listener.WaitForSwitchAsync(1, Token).WaitAsync(Patience, Token);
        var second = await listener.WaitForSwitchAsync(2, Token).WaitAsync(Patience, Token);

        Assert.NotSame(first, second);
        Assert.Equal([1UL, 2UL], listener.Switches.Keys.Order());
        var announced = new[]
        {
            await listener.Connections.ReadAsync(Token).AsTask().WaitAsync(Patience, Token),
            await listener.Connections.ReadAsync(Token).AsTask().WaitAsync(Patience, Token),
        };
        Assert.Equal([1UL, 2UL], announced.Select(c => c.DatapathId).Order());
    }

    [Fact]
    public async Task Listener_SwitchReconnects_ReplacesAndClosesEarlierConnection()
    {
        await using var listener = StartOnFreePort();
        await using var old = await FakeSwitch.ConnectAsync(EndPoint(listener));
        await old.HandshakeAsync(9).WaitAsync(Patience, Token);
        var before = await listener.WaitForSwitchAsync(9, Token).WaitAsync(Patience, Token);

        await using var again = await FakeSwitch.ConnectAsync(EndPoint(listener));
        await again.HandshakeAsync(9).WaitAsync(Patience, Token);
        await before.Completion.WaitAsync(Patience, Token);
        var after = await listener.WaitForSwitchAsync(9, Token).WaitAsync(Patience, Token);

        Assert.NotSame(before, after);
        Assert.False(before.IsConnected);
        Assert.True(await old.IsClosedByPeerAsync(Token).WaitAsync(Patience, Token));
        Assert.Same(after, listener.Switches[9]);
    }

    [Fact]
    public async Task Listener_PeerThatNeverSaysHello_IsClosedAfterHandshakeTimeout()
    {
        await using var listener = StartOnFreePort(new SwitchConnectionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        await using var mute = await FakeSwitch.ConnectAsync(EndPoint(listener));

        var hello = await mute.ReadAsync(Token).WaitAsync(Patience, Token);

        Assert.Equal(0, hello.Type);
        Assert.True(await mute.IsClosedByPeerAsync(Token).WaitAsync(Patience, Token));
        Assert.Empty(listener.Switches);
    }

    [Fact]
    public async Task Listener_Disposed_ClosesItsSwitchesAndStopsAccepting()
    {
        var listener = StartOnFreePort();
        var endpoint = EndPoint(listener);
        await using var fake = await FakeSwitch.ConnectAsync(endpoint);
        await fake.HandshakeAsync(3).WaitAsync(Patience, Token);
        var connection = await listener.WaitForSwitchAsync(3, Token).WaitAsync(Patience, Token);

        await listener.DisposeAsync();

        Assert.False(connection.IsConnected);
        Assert.True(await fake.IsClosedByPeerAsync(Token).WaitAsync(Patience, Token));
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => FakeSwitch.ConnectAsync(endpoint));
    }
}
