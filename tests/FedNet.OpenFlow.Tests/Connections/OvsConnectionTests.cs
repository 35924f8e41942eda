using System.Net.Sockets;
using FedNet.OpenFlow.Connections;
using Xunit;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>Switch connections against a real (private, userspace) Open vSwitch, both directions.</summary>
public sealed class OvsConnectionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectAsync_BridgeManagementSocket_HandshakeReportsDatapathId()
    {
        await using var lab = OvsBridge.Start();

        await using var connection = await SwitchConnection.ConnectAsync(lab.ManagementTarget, cancellationToken: Token);
        await connection.BarrierAsync(Token);

        Assert.Equal(OvsBridge.DatapathId, connection.DatapathId);
        Assert.True(connection.Features.NTables > 1);
        Assert.Equal("unix:" + Path.Combine(lab.Ovs.Directory, "br0.mgmt"), connection.Remote);
    }

    [Fact]
    public async Task Listener_BridgeWithUnixController_ConnectsInAndIsListedByDatapathId()
    {
        await using var lab = OvsBridge.Start();
        var listener = lab.ListenAndConnectBridge();

        var connection = await listener.WaitForSwitchAsync(OvsBridge.DatapathId, Token).WaitAsync(Patience, Token);
        var role = await connection.RequestRoleAsync(OfpControllerRole.Master, 1, Token);
        await connection.BarrierAsync(Token);

        Assert.Same(connection, listener.Switches[OvsBridge.DatapathId]);
        Assert.Equal(OfpControllerRole.Master, role.Role);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task SendAsync_FlowOvsRejects_BarrierThrowsOpenFlowErrorWithTypeAndCode()
    {
        await using var lab = OvsBridge.Start();
        await using var connection = await SwitchConnection.ConnectAsync(lab.ManagementTarget, cancellationToken: Token);

        // goto_table may only go forward (spec 5.1): OVS answers OFPET_BAD_INSTRUCTION / OFPBIC_BAD_TABLE_ID.
        var bad = new FlowMod { Xid = connection.NextXid(), TableId = 3, Instructions = [Instructions.GotoTable(1)] };
        await connection.SendAsync(bad, Token);
        var error = await Assert.ThrowsAsync<OpenFlowErrorException>(() => connection.BarrierAsync(Token));

        Assert.Equal(OfpErrorType.BadInstruction, error.Type);
        Assert.Equal(2, error.Code);
        Assert.Equal(bad.Xid, error.Xid);
        Assert.True(connection.IsConnected);
        await connection.BarrierAsync(Token);
    }

    [Fact]
    public async Task Listener_GarbagePeer_IsDroppedWhileRealSwitchStaysConnected()
    {
        await using var lab = OvsBridge.Start();
        var logger = new ListLogger();
        var listener = lab.ListenAndConnectBridge(logger: logger);
        var real = await listener.WaitForSwitchAsync(OvsBridge.DatapathId, Token).WaitAsync(Patience, Token);
        var path = listener.LocalEndpoints[0].HostOrPath;

        await using var fake = await FakeSwitch.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await fake.WriteAsync(FakeSwitch.Hello(1, 1u << 4));
        await fake.WriteAsync([4, 0xff, 0x00, 0x03, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]); // length 3 < 8, found at offset 16 + 2
        var dropped = await fake.IsClosedByPeerAsync(Token).WaitAsync(Patience, Token);
        await real.BarrierAsync(Token);

        Assert.True(dropped);
        Assert.True(real.IsConnected);
        Assert.Single(listener.Switches);
        Assert.Contains(logger.Lines, l => l.Contains("malformed", StringComparison.Ordinal) && l.Contains("offset 18", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_PacketFromVm_ArrivesAsPacketInAndPacketOutReachesOtherVm()
    {
        await using var lab = OvsBridge.Start();
        var (vmA, _) = lab.AddVm(1, "10.0.0.1/24");
        var (vmB, _) = lab.AddVm(2, "10.0.0.2/24");
        var listener = lab.ListenAndConnectBridge();
        var connection = await listener.WaitForSwitchAsync(OvsBridge.DatapathId, Token).WaitAsync(Patience, Token);
        // Everything from either VM goes to the controller.
        await connection.SendAllAsync([
            new FlowMod { Priority = 10, Match = Match.Any.InPort(1), Instructions = [Instructions.Apply(Actions.ToController())] },
            new FlowMod { Priority = 10, Match = Match.Any.InPort(2), Instructions = [Instructions.Apply(Actions.ToController())] },
        ], Token);
        await connection.BarrierAsync(Token);

        // A's ARP request for B.
        _ = Task.Run(() => vmA.Try("ping", "-c", "3", "-W", "1", "10.0.0.2"), Token);
        var fromA = await NextPacketInAsync(connection, port: 1, etherType: 0x0806);
        // Forward it to B by packet-out; B answers with an ARP reply, which comes back as a packet-in from port 2.
        await connection.SendAsync(new PacketOut { Xid = connection.NextXid(), InPort = 1, Actions = [Actions.Output(2)], Data = fromA.Data }, Token);
        var fromB = await NextPacketInAsync(connection, port: 2, etherType: 0x0806);

        Assert.Equal(OfpPacketInReason.Action, fromA.Reason);
        Assert.Equal(1, fromA.Data[21]); // ARP request
        Assert.Equal(2, fromB.Data[21]); // ARP reply: B received the packet-out
        Assert.Equal(fromA.Data.AsSpan()[6..12].ToArray(), fromB.Data.AsSpan()[..6].ToArray()); // to A's MAC
        _ = vmB;
    }

    private static async Task<PacketIn> NextPacketInAsync(SwitchConnection connection, uint port, ushort etherType)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(Patience);
        await foreach (var message in connection.Unsolicited.ReadAllAsync(timeout.Token))
        {
            if (message is PacketIn p && p.InPort == port && p.Data.Count >= 14 && (p.Data[12] << 8 | p.Data[13]) == etherType)
                return p;
        }
        throw new InvalidOperationException("connection closed before the packet-in arrived");
    }

    [Fact]
    public async Task Connection_IdleTimeout_ProducesFlowRemoved()
    {
        await using var lab = OvsBridge.Start();
        await using var connection = await ConnectForAsyncMessagesAsync(lab);

        await connection.SendAsync(new FlowMod
        {
            Cookie = 0xc0ffee,
            Priority = 7,
            IdleTimeout = 1,
            Flags = OfpFlowModFlags.SendFlowRemoved,
            Match = Match.Any.EthType(0x0800),
            Instructions = [Instructions.Apply(Actions.Output(OfpPortNo.Local))],
        }, Token);
        await connection.BarrierAsync(Token);

        var removed = await NextAsync<FlowRemoved>(connection);
        Assert.Equal(0xc0ffeeUL, removed.Cookie);
        Assert.Equal(OfpFlowRemovedReason.IdleTimeout, removed.Reason);
        Assert.Equal(7, removed.Priority);
        Assert.Equal(1, removed.IdleTimeout);
    }

    [Fact]
    public async Task Connection_PortAdded_ProducesPortStatus()
    {
        await using var lab = OvsBridge.Start();
        await using var connection = await ConnectForAsyncMessagesAsync(lab);

        var (_, port) = lab.AddVm(5, "10.0.0.5/24");

        var status = await NextAsync<PortStatus>(connection, s => s.Reason == OfpPortReason.Add);
        Assert.Equal(5u, status.Port.PortNo);
        Assert.Equal(port, status.Port.Name);
    }

    /// <summary>
    /// Connects to the management socket and asks for asynchronous messages: OVS sends none to such "service"
    /// connections until they set a nonzero miss_send_len.
    /// </summary>
    private static async Task<SwitchConnection> ConnectForAsyncMessagesAsync(OvsBridge lab)
    {
        var connection = await SwitchConnection.ConnectAsync(lab.ManagementTarget, cancellationToken: Token);
        await connection.SetConfigAsync(new SetConfig { MissSendLength = 0xffff }, Token);
        return connection;
    }

    private static async Task<T> NextAsync<T>(SwitchConnection connection, Func<T, bool>? where = null)
        where T : OfpMessage
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(Patience);
        await foreach (var message in connection.Unsolicited.ReadAllAsync(timeout.Token))
        {
            if (message is T t && (where is null || where(t)))
                return t;
        }
        throw new InvalidOperationException($"connection closed before a {typeof(T).Name} arrived: {connection.CloseReason}");
    }
}
