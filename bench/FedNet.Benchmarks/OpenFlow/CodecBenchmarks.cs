using System.Buffers;
using System.Net;
using System.Net.NetworkInformation;
using BenchmarkDotNet.Attributes;
using FedNet.OpenFlow;

namespace FedNet.Benchmarks.OpenFlow;

/// <summary>
/// OpenFlow codec micro-benchmarks: flow-mod encode and decode, packet-in decode, and framing (header read and frame
/// slicing, which must not allocate). One operation = one message.
/// <c>dotnet run -c Release --project bench/FedNet.Benchmarks -- --filter '*CodecBenchmarks*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(4096);
    private FlowMod _flowMod = null!;
    private byte[] _flowModBytes = null!;
    private byte[] _packetInBytes = null!;
    private ReadOnlySequence<byte> _stream;

    [GlobalSetup]
    public void Setup()
    {
        // A gateway VLAN-translation flow and an ARP responder flow: the two shapes FedNet installs most.
        _flowMod = new FlowMod
        {
            Cookie = 0xfed0_0001_0000_0042,
            TableId = 1,
            Priority = 200,
            Match = Match.Any.InPort(3).VlanVid(100).EthDst(PhysicalAddress.Parse("02-00-00-00-01-05")),
            Instructions =
            [
                Instructions.Apply(Actions.SetVlanVid(2782), Actions.Output(7)),
            ],
        };
        _flowModBytes = OpenFlowCodec.Encode(_flowMod);
        var packetIn = new PacketIn
        {
            BufferId = FlowMod.NoBuffer,
            TotalLength = 42,
            Reason = OfpPacketInReason.Action,
            TableId = 2,
            Cookie = 7,
            Match = Match.Any.InPort(5),
            Data = Convert.FromHexString("ffffffffffff020000000105080600010800060400010200000001050a000005000000000000" + "0a000007"),
        };
        _packetInBytes = OpenFlowCodec.Encode(packetIn);
        // 64 back-to-back messages, as a pipe would hand them over.
        var stream = new List<byte>();
        for (var i = 0; i < 32; i++)
        {
            stream.AddRange(_flowModBytes);
            stream.AddRange(_packetInBytes);
        }
        _stream = new ReadOnlySequence<byte>(stream.ToArray());
        _ = IPAddress.Loopback;
    }

    [Benchmark]
    public int FlowModEncode()
    {
        _writer.ResetWrittenCount();
        OpenFlowCodec.Encode(_flowMod, _writer);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public OfpMessage FlowModDecode() => OpenFlowCodec.Decode(_flowModBytes);

    [Benchmark]
    public OfpMessage PacketInDecode() => OpenFlowCodec.Decode(_packetInBytes);

    /// <summary>Frames 64 messages off one buffer; reported per message.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public long FrameRead()
    {
        var buffer = _stream;
        long xids = 0;
        while (OpenFlowCodec.TryReadFrame(ref buffer, out var header, out _))
            xids += header.Xid;
        return xids;
    }
}
