using System.Text;
using System.Text.Json;

namespace FedNet.Ovsdb.Tests;

/// <summary>A misbehaving peer gets a clear error or a dropped connection; the process stays up, memory bounded.</summary>
public sealed class FakeServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly OvsdbClientOptions NoReconnect = new() { Reconnect = false, MaxMessageBytes = 1 << 20, MaxDepth = 32 };

    private const string MiniSchema = """
        {"name":"Mini","version":"1.0.0","tables":{"Thing":{"columns":{"name":{"type":"string"},"n":{"type":{"key":"integer","min":0,"max":1}}}}}}
        """;

    private static async Task<long> IdOf(FakePeer peer, string method)
    {
        var msg = await peer.ReadAsync();
        Assert.Equal(method, msg.GetProperty("method").GetString());
        return msg.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Truncated_ReplyCutThenClosed_RequestFailsAsConnectionLost()
    {
        await using var server = new FakeServer(async peer =>
        {
            var id = await IdOf(peer, "list_dbs");
            await peer.SendAsync($$"""{"id":{{id}},"result":["Open_v""");
            peer.Close();
        });
        await using var client = await OvsdbClient.ConnectAsync(server.Target, NoReconnect, cancellationToken: Ct);
        var e = await Assert.ThrowsAsync<OvsdbException>(() => client.ListDbsAsync(Ct));
        Assert.Equal(OvsdbException.ConnectionLost, e.Error);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Split_ReplyInOneBytePieces_IsReassembled()
    {
        await using var server = new FakeServer(async peer =>
        {
            var id = await IdOf(peer, "list_dbs");
            foreach (var b in Encoding.UTF8.GetBytes($$"""{"id":{{id}},"result":["A","B"],"error":null}"""))
            {
                await peer.SendAsync([b]);
                await Task.Delay(1);
            }
            await peer.ClientClosedAsync(TimeSpan.FromSeconds(30));
        });
        await using var client = await OvsdbClient.ConnectAsync(server.Target, NoReconnect, cancellationToken: Ct);
        Assert.Equal(["A", "B"], await client.ListDbsAsync(Ct));
    }

    [Fact]
    public async Task WrongId_ReplyToIdNeverIssued_DropsConnection()
    {
        await using var server = new FakeServer(async peer =>
        {
            await IdOf(peer, "list_dbs");
            await peer.SendAsync("""{"id":424242,"result":[],"error":null}""");
            await peer.ClientClosedAsync(TimeSpan.FromSeconds(30));
        });
        await using var client = await OvsdbClient.ConnectAsync(server.Target, NoReconnect, cancellationToken: Ct);
        var e = await Assert.ThrowsAsync<OvsdbException>(() => client.ListDbsAsync(Ct));
        Assert.Equal(OvsdbException.ConnectionLost, e.Error);
    }

    [Fact]
    public async Task HugeString_BeyondMessageLimit_DropsConnectionWithoutReadingItAll()
    {
        var sent = 0L;
        await using var server = new FakeServer(async peer =>
        {
            var id = await IdOf(peer, "list_dbs");
            await peer.SendAsync("{\"id\":" + id + ",\"result\":[\"");
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            // 256 MiB if the client kept reading; it must give up after its 1 MiB limit.
            for (var i = 0; i < 4096; i++)
            {
                await peer.SendAsync(chunk);
                Interlocked.Add(ref sent, chunk.Length);
            }
        });
        await using var client = await OvsdbClient.ConnectAsync(server.Target, NoReconnect, cancellationToken: Ct);
        var e = await Assert.ThrowsAsync<OvsdbException>(() => client.ListDbsAsync(Ct));
        Assert.Equal(OvsdbException.ConnectionLost, e.Error);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.Peers.IsEmpty && DateTime.UtcNow < deadline)
            await Task.Delay(20, Ct);
        var peer = Assert.Single(server.Peers);
        Assert.True(peer.WriteFailed);
        Assert.True(Interlocked.Read(ref sent) < 64L << 20, $"the client read {Interlocked.Read(ref sent)} bytes");
    }

    [Fact]
    public async Task DeepNesting_BeyondDepthLimit_DropsConnection()
    {
        await using var server = new FakeServer(async peer =>
        {
            var id = await IdOf(peer, "list_dbs");
            await peer.SendAsync($$"""{"id":{{id}},"result":""" + new string('[', 5000));
            await peer.ClientClosedAsync(TimeSpan.FromSeconds(30));
        });
        await using var client = await OvsdbClient.ConnectAsync(server.Target, NoReconnect, cancellationToken: Ct);
        var e = await Assert.ThrowsAsync<OvsdbException>(() => client.ListDbsAsync(Ct));
        Assert.Equal(OvsdbException.ConnectionLost, e.Error);
    }

    [Fact]
    public async Task Notifications_UnknownTableAndServerEcho_IgnoredAndAnswered()
    {
        var echoReply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeServer(async peer =>
        {
            var id = await IdOf(peer, "get_schema");
            await peer.SendAsync($$"""{"id":{{id}},"result":{{MiniSchema}},"error":null}""");
            var monitor = await peer.ReadAsync();
            Assert.Equal("monitor", monitor.GetProperty("method").GetString());
            var monitorId = monitor.GetProperty("params")[1].GetString();
            await peer.SendAsync($$$"""{"id":{{{monitor.GetProperty("id").GetInt64()}}},"result":{},"error":null}""");
            await peer.SendAsync("{\"method\":\"update\",\"params\":[\"" + monitorId + "\",{\"Bogus\":{\"x\":{\"new\":{}}},\"Thing\":{\""
                + Guid.Empty + "\":{\"new\":{\"name\":\"t\",\"n\":3}}}}],\"id\":null}");
            await peer.SendAsync("{\"method\":\"update\",\"params\":[\"not-a-monitor\",{\"Thing\":{}}],\"id\":null}");
            await peer.SendAsync("""{"method":"whatever","params":[],"id":null}""");
            await peer.SendAsync("""{"method":"echo","params":["ping"],"id":"e1"}""");
            echoReply.TrySetResult(await peer.ReadAsync());
            var list = await IdOf(peer, "list_dbs");
            await peer.SendAsync($$"""{"id":{{list}},"result":["Mini"],"error":null}""");
            await peer.ClientClosedAsync(TimeSpan.FromSeconds(30));
        });
        await using var client = await OvsdbClient.ConnectAsync(server.Target, NoReconnect, cancellationToken: Ct);
        var rows = new List<OvsdbRowUpdate>();
        var got = new SemaphoreSlim(0);
        await client.MonitorAsync("Mini", [new OvsdbMonitorRequest("Thing")], b => { lock (rows) rows.AddRange(b.Rows); got.Release(); },
            cancellationToken: Ct);
        var reply = await echoReply.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("e1", reply.GetProperty("id").GetString());
        Assert.Equal("ping", reply.GetProperty("result")[0].GetString());
        Assert.Equal(["Mini"], await client.ListDbsAsync(Ct));
        lock (rows)
        {
            var row = Assert.Single(rows);
            Assert.Equal(3L, row.New!["n"].AsInteger());
        }
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ErrorReply_WithErrorAndDetails_BecomesOvsdbException()
    {
        await using var server = new FakeServer(async peer =>
        {
            var id = await IdOf(peer, "get_schema");
            await peer.SendAsync($$$"""{"id":{{{id}}},"result":null,"error":{"error":"unknown database","details":"get_schema asked for Nope"}}""");
            await peer.ClientClosedAsync(TimeSpan.FromSeconds(30));
        });
        await using var client = await OvsdbClient.ConnectAsync(server.Target, NoReconnect, cancellationToken: Ct);
        var e = await Assert.ThrowsAsync<OvsdbException>(() => client.GetSchemaAsync("Nope", Ct));
        Assert.Equal("unknown database", e.Error);
        Assert.Equal("get_schema asked for Nope", e.Details);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Reconnect_PeerDropsEveryConnection_ClientBacksOffAndStaysUp()
    {
        await using var server = new FakeServer(peer =>
        {
            peer.Close();
            return Task.CompletedTask;
        });
        await using var client = await OvsdbClient.ConnectAsync(server.Target,
            new OvsdbClientOptions { MinBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(80) }, cancellationToken: Ct);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.Connections < 4 && DateTime.UtcNow < deadline)
            await Task.Delay(20, Ct);
        Assert.True(server.Connections >= 4);
        await Assert.ThrowsAnyAsync<Exception>(() => client.ListDbsAsync(Ct));
    }
}
