using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FedNet.Cbench;
using FedNet.Cbench.Internal;
using FedNet.Evaluation.ControllerThroughput;
using FedNet.OpenFlow;

namespace FedNet.Evaluation.Tests;

/// <summary>The load generator (bench/FedNet.Cbench) against scripted fake controllers and FedNet's learning switch.</summary>
public sealed class ControllerThroughputGeneratorTests
{
    private static CbenchOptions Options(int port, CbenchMode mode = CbenchMode.Latency, int switches = 1) => new()
    {
        Controller = $"tcp:127.0.0.1:{port}",
        Mode = mode,
        Switches = switches,
        Macs = 1000,
        Warmup = TimeSpan.FromMilliseconds(200),
        Duration = TimeSpan.FromMilliseconds(500),
        Timeout = TimeSpan.FromSeconds(2),
        ResendAfter = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public void TrafficPattern_ConsecutivePacketIns_DestinationIsPreviousSourceAndSequenceRoundTrips()
    {
        var pattern = new TrafficPattern(3, 10);
        var previous = (PacketIn)OpenFlowCodec.Decode(Bytes(pattern, 14));
        var next = (PacketIn)OpenFlowCodec.Decode(Bytes(pattern, 15));
        Assert.Equal(previous.Data.AsSpan()[6..12].ToArray(), next.Data.AsSpan()[..6].ToArray());
        Assert.Equal(15u, next.Xid);
        Assert.Equal(TrafficPattern.InPortOf(15), next.InPort);
        Assert.Equal(FlowMod.NoBuffer, next.BufferId);
        Assert.True(TrafficPattern.TryReadSequence(next.Data.AsSpan(), out var seq));
        Assert.Equal(15u, seq);
        // Source MAC 15 mod 10 = 5 of switch 3: 02:00:03:00:00:05.
        Assert.Equal(new byte[] { 2, 0, 3, 0, 0, 5 }, next.Data.AsSpan()[6..12].ToArray());
    }

    [Fact]
    public async Task RunAsync_ScriptedController_AnswersHandshakeRequestsAndMeasuresLatency()
    {
        await using var fake = FakeController.Start(async (peer, ct) =>
        {
            await peer.SendAsync(Hello.ForVersions(OpenFlowCodec.Version13), ct);
            Assert.IsType<Hello>(await peer.ReceiveAsync(ct));
            await peer.SendAsync(new FeaturesRequest { Xid = 11 }, ct);
            var features = Assert.IsType<FeaturesReply>(await peer.ReceiveAsync(ct));
            await peer.SendAsync(new EchoRequest { Xid = 12, Data = new byte[] { 1, 2, 3 } }, ct);
            await peer.SendAsync(new BarrierRequest { Xid = 13 }, ct);
            await peer.SendAsync(new PortDescRequest { Xid = 14 }, ct);
            await peer.SendAsync(new GetConfigRequest { Xid = 15 }, ct);
            var echo = Assert.IsType<EchoReply>(await peer.ReceiveAsync(ct));
            var barrier = Assert.IsType<BarrierReply>(await peer.ReceiveAsync(ct));
            var ports = Assert.IsType<PortDescReply>(await peer.ReceiveAsync(ct));
            var config = Assert.IsType<GetConfigReply>(await peer.ReceiveAsync(ct));
            peer.Record($"features {features.Xid} {features.DatapathId}; echo {echo.Xid} {echo.Data.Count}; barrier {barrier.Xid}; ports {ports.Xid}; config {config.Xid}");
            // Table-miss, then answer every packet-in with a packet-out of its data, like a learning switch flooding.
            await peer.SendAsync(new FlowMod { Xid = 16, Priority = 0 }, ct);
            while (await peer.ReceiveAsync(ct) is { } message)
            {
                if (message is PacketIn p)
                    await peer.SendAsync(new PacketOut { Xid = p.Xid, InPort = p.InPort ?? 0, Actions = [Actions.Output(OfpPortNo.Flood)], Data = p.Data }, ct);
            }
        });

        var result = await CbenchRunner.RunAsync(Options(fake.Port) with { DatapathIdBase = 77 }, TestContext.Current.CancellationToken);

        Assert.Equal("features 11 77; echo 12 3; barrier 13; ports 14; config 15", Assert.Single(fake.Records));
        Assert.True(result.PacketOuts > 0, $"no packet-out counted: {result.ToJson()}");
        // Counter snapshots and the recording flag switch one after the other: one answer per window edge may fall between.
        Assert.InRange(result.LatenciesMs.Count, result.PacketOuts - 2, result.PacketOuts + 2);
        Assert.All(result.LatenciesMs, l => Assert.True(l > 0));
        Assert.Equal(0, result.ErrorsReceived);
    }

    [Fact]
    public async Task RunAsync_ControllerClosesAfterHandshake_FailsNamingTheClose()
    {
        await using var fake = FakeController.Start(async (peer, ct) =>
        {
            await HandshakeAsync(peer, ct);
            await peer.ReceiveAsync(ct);
        });

        var e = await Assert.ThrowsAsync<CbenchException>(() => CbenchRunner.RunAsync(Options(fake.Port, CbenchMode.Throughput), TestContext.Current.CancellationToken));
        Assert.Contains("closed the connection", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ControllerSendsMalformedMessage_FailsNamingTheOffset()
    {
        await using var fake = FakeController.Start(async (peer, ct) =>
        {
            await HandshakeAsync(peer, ct);
            // A header announcing 4 bytes, shorter than the header itself.
            await peer.SendRawAsync([4, (byte)OfpType.FlowMod, 0, 4, 0, 0, 0, 1], ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var e = await Assert.ThrowsAsync<CbenchException>(() => CbenchRunner.RunAsync(Options(fake.Port, CbenchMode.Throughput), TestContext.Current.CancellationToken));
        Assert.Contains("malformed message from the controller at stream offset", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ControllerNeverAsksForFeatures_TimesOutWithClearError()
    {
        await using var fake = FakeController.Start(async (peer, ct) =>
        {
            await peer.SendAsync(Hello.ForVersions(OpenFlowCodec.Version13), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var e = await Assert.ThrowsAsync<CbenchException>(() => CbenchRunner.RunAsync(Options(fake.Port, switches: 2), TestContext.Current.CancellationToken));
        Assert.Contains("did not ask 2 of 2 switches for their features", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ControllerStopsAnsweringInLatencyMode_FailsInsteadOfHanging()
    {
        await using var fake = FakeController.Start(async (peer, ct) =>
        {
            await HandshakeAsync(peer, ct);
            while (await peer.ReceiveAsync(ct) is not null)
            {
            }
        });

        var e = await Assert.ThrowsAsync<CbenchException>(() => CbenchRunner.RunAsync(
            Options(fake.Port) with { Duration = TimeSpan.FromSeconds(30) }, TestContext.Current.CancellationToken));
        Assert.Contains("no packet-out from the controller", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FedNetLearningSwitch_AnswersWithFlowModsAndPacketOutsAndLearnsTheMacs()
    {
        await using var fednet = FedNetLearningSwitch.Start();

        var result = await CbenchRunner.RunAsync(Options(fednet.Endpoint.Port, CbenchMode.Throughput, switches: 2) with { DatapathIdBase = 500 },
            TestContext.Current.CancellationToken);

        Assert.True(result.FlowMods > 0 && result.PacketOuts > 0, result.ToJson().ToJsonString());
        Assert.Equal(0, result.ErrorsReceived);
        Assert.All(result.PerSwitchResponses, r => Assert.True(r > 0));
        // Packet-in 0 of switch 1 came from MAC 02:00:01:00:00:00 on port 1.
        Assert.Equal(TrafficPattern.InPortOf(0), fednet.LearnedPort(501, 0x02_00_01_00_00_00));
        Assert.True(fednet.FlowMods > 0);
    }

    private static async Task HandshakeAsync(FakeController.Peer peer, CancellationToken ct)
    {
        await peer.SendAsync(Hello.ForVersions(OpenFlowCodec.Version13), ct);
        await peer.ReceiveAsync(ct);
        await peer.SendAsync(new FeaturesRequest { Xid = 1 }, ct);
        await peer.ReceiveAsync(ct);
        await peer.SendAsync(new FlowMod { Xid = 2, Priority = 0 }, ct);
    }

    private static byte[] Bytes(TrafficPattern pattern, uint seq)
    {
        var bytes = new byte[pattern.MessageLength];
        pattern.Write(seq, bytes);
        return bytes;
    }

    /// <summary>A loopback OpenFlow controller that runs a script per accepted switch.</summary>
    private sealed class FakeController : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _peers = [];
        private readonly Task _accept;
        private readonly Func<Peer, CancellationToken, Task> _script;

        private FakeController(Func<Peer, CancellationToken, Task> script)
        {
            _script = script;
            _listener.Start();
            _accept = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public List<string> Records { get; } = [];

        public static FakeController Start(Func<Peer, CancellationToken, Task> script) => new(script);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    var peer = new Peer(socket, this);
                    lock (_peers)
                        _peers.Add(Task.Run(() => RunPeerAsync(peer)));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task RunPeerAsync(Peer peer)
        {
            using (peer)
            {
                try
                {
                    await _script(peer, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accept;
            Task[] peers;
            lock (_peers)
                peers = [.. _peers];
            await Task.WhenAll(peers);
            _stop.Dispose();
        }

        /// <summary>One accepted switch connection.</summary>
        public sealed class Peer(Socket socket, FakeController owner) : IDisposable
        {
            private readonly NetworkStream _stream = new(socket, ownsSocket: true);
            private readonly byte[] _header = new byte[OfpHeader.Size];

            public void Record(string line)
            {
                lock (owner.Records)
                    owner.Records.Add(line);
            }

            public Task SendAsync(OfpMessage message, CancellationToken ct) => _stream.WriteAsync(OpenFlowCodec.Encode(message), ct).AsTask();

            public Task SendRawAsync(byte[] bytes, CancellationToken ct) => _stream.WriteAsync(bytes, ct).AsTask();

            /// <summary>The next whole message, or null when the switch closed.</summary>
            public async Task<OfpMessage?> ReceiveAsync(CancellationToken ct)
            {
                if (!await ReadExactlyAsync(_header, ct))
                    return null;
                var length = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2));
                var frame = new byte[length];
                _header.CopyTo(frame, 0);
                if (!await ReadExactlyAsync(frame.AsMemory(OfpHeader.Size), ct))
                    return null;
                return OpenFlowCodec.Decode(new ReadOnlySequence<byte>(frame));
            }

            private async Task<bool> ReadExactlyAsync(Memory<byte> buffer, CancellationToken ct)
            {
                try
                {
                    await _stream.ReadExactlyAsync(buffer, ct);
                    return true;
                }
                catch (EndOfStreamException)
                {
                    return false;
                }
            }

            public void Dispose() => _stream.Dispose();
        }
    }
}
