using System.Buffers.Binary;
using System.Collections.Concurrent;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Connections;
using Microsoft.Extensions.Logging;

namespace FedNet.Evaluation.ControllerThroughput;

/// <summary>
/// The FedNet row of the controller-throughput experiment: a MAC-learning controller on FedNet's OpenFlow stack
/// (<see cref="OpenFlowListener"/> accepting switches, one <see cref="SwitchConnection"/> each, packet-ins read from
/// <see cref="SwitchConnection.Unsolicited"/>), behaving like Ryu's simple_switch_13 (bench/peers/simple_switch_13.py):
/// a table-miss flow to the controller when a switch connects; on a packet-in, learn the source MAC's port, and when
/// the destination is known install a priority-1 (in_port, eth_dst) flow; then send the packet out (learned port or flood).
/// </summary>
public sealed class FedNetLearningSwitch : IAsyncDisposable
{
    private const ushort EtherTypeLldp = 0x88cc;

    private readonly OpenFlowListener _listener;
    private readonly ConcurrentDictionary<ulong, Dictionary<ulong, uint>> _tables = new();
    private readonly List<Task> _handlers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private long _packetIns;
    private long _flowMods;
    private long _packetOuts;

    private FedNetLearningSwitch(OpenFlowListener listener)
    {
        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where switches connect (the port chosen when 0 was asked for).</summary>
    public OpenFlowEndpoint Endpoint => _listener.LocalEndpoints[0];

    /// <summary>Packet-ins handled.</summary>
    public long PacketIns => Interlocked.Read(ref _packetIns);

    /// <summary>Flow-mods sent for learned destinations (the table-miss flows not counted).</summary>
    public long FlowMods => Interlocked.Read(ref _flowMods);

    /// <summary>Packet-outs sent.</summary>
    public long PacketOuts => Interlocked.Read(ref _packetOuts);

    /// <summary>Starts listening on <paramref name="endpoint"/> (OVS target syntax; <c>tcp:127.0.0.1:0</c> picks a free port).</summary>
    public static FedNetLearningSwitch Start(string endpoint = "tcp:127.0.0.1:0", ILogger? logger = null) =>
        new(OpenFlowListener.Start(new OpenFlowListenerOptions { Endpoints = [endpoint] }, logger));

    /// <summary>The port this controller learned for <paramref name="mac"/> on switch <paramref name="datapathId"/>, if any.</summary>
    public uint? LearnedPort(ulong datapathId, ulong mac)
    {
        if (!_tables.TryGetValue(datapathId, out var table))
            return null;
        lock (table)
            return table.TryGetValue(mac, out var port) ? port : null;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            await foreach (var connection in _listener.Connections.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                lock (_handlers)
                {
                    _handlers.RemoveAll(h => h.IsCompleted);
                    _handlers.Add(Task.Run(() => HandleAsync(connection)));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(SwitchConnection connection)
    {
        var table = _tables.GetOrAdd(connection.DatapathId, _ => []);
        try
        {
            await connection.SendAsync(new FlowMod
            {
                Xid = connection.NextXid(),
                Priority = 0,
                Match = Match.Any,
                Instructions = [Instructions.Apply(Actions.ToController())],
            }, _stopping.Token).ConfigureAwait(false);
            var batch = new OfpMessage[2];
            await foreach (var message in connection.Unsolicited.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                if (message is not PacketIn packetIn || packetIn.InPort is not { } inPort || packetIn.Data.Count < 14)
                    continue;
                Interlocked.Increment(ref _packetIns);
                var frame = packetIn.Data.AsSpan();
                if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == EtherTypeLldp)
                    continue;
                var dst = frame[..6];
                var src = ReadMac(frame[6..]);
                uint outPort;
                lock (table)
                {
                    table[src] = inPort;
                    outPort = table.TryGetValue(ReadMac(dst), out var known) ? known : OfpPortNo.Flood;
                }
                var count = 0;
                if (outPort != OfpPortNo.Flood)
                {
                    batch[count++] = new FlowMod
                    {
                        Xid = connection.NextXid(),
                        Priority = 1,
                        Match = Match.Any.InPort(inPort).With(Oxm.Of(OxmField.EthDst, dst)),
                        Instructions = [Instructions.Apply(Actions.Output(outPort))],
                        BufferId = packetIn.BufferId,
                    };
                }
                // A buffered packet is released by the flow-mod (simple_switch_13 does the same); otherwise send it out.
                if (outPort == OfpPortNo.Flood || packetIn.BufferId == FlowMod.NoBuffer)
                {
                    batch[count++] = new PacketOut
                    {
                        Xid = connection.NextXid(),
                        BufferId = packetIn.BufferId,
                        InPort = inPort,
                        Actions = [Actions.Output(outPort)],
                        Data = packetIn.BufferId == FlowMod.NoBuffer ? packetIn.Data : default,
                    };
                }
                await connection.SendAllAsync(count == 2 ? batch : batch.Take(count), _stopping.Token).ConfigureAwait(false);
                Interlocked.Add(ref _flowMods, outPort != OfpPortNo.Flood ? 1 : 0);
                Interlocked.Add(ref _packetOuts, batch[count - 1] is PacketOut ? 1 : 0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or FedNetException)
        {
            // Stopping, or the switch went away: its connection logged why.
        }
    }

    private static ulong ReadMac(ReadOnlySpan<byte> bytes) => ((ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]);

    /// <summary>Stops accepting, closes every switch connection and waits for the handlers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);
        Task[] handlers;
        lock (_handlers)
            handlers = [.. _handlers];
        await Task.WhenAll(handlers).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
