using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.NetworkInformation;
using FedNet.OpenFlow;

namespace FedNet.Benchmarks.OpenFlow;

/// <summary>
/// <c>scenario codec-throughput</c>: messages per second per core for the codec's hot paths, measured in CPU time
/// of this process (so a busy machine slows the run but not the figure), next to the issue's target of 5 M msg/s/core.
/// Complements the BenchmarkDotNet <see cref="CodecBenchmarks"/>, whose wall-clock numbers suffer on a loaded host.
/// </summary>
public sealed class CodecThroughputScenario : IScenario
{
    private const double TargetPerSecond = 5_000_000;

    public string Name => "codec-throughput";

    public string Description => "OpenFlow codec msg/s per core (CPU time) for encode, decode and framing vs the 5 M/s target";

    public Task<int> RunAsync(string[] args)
    {
        var seconds = args is [var s] ? double.Parse(s, CultureInfo.InvariantCulture) : 3;
        var flowMod = new FlowMod
        {
            Cookie = 0xfed0_0001_0000_0042,
            TableId = 1,
            Priority = 200,
            Match = Match.Any.InPort(3).VlanVid(100).EthDst(PhysicalAddress.Parse("02-00-00-00-01-05")),
            Instructions = [Instructions.Apply(Actions.SetVlanVid(2782), Actions.Output(7))],
        };
        var flowModBytes = OpenFlowCodec.Encode(flowMod);
        var packetInBytes = OpenFlowCodec.Encode(new PacketIn
        {
            TotalLength = 42,
            Reason = OfpPacketInReason.Action,
            Match = Match.Any.InPort(5),
            Data = new byte[42],
        });
        var stream = new ReadOnlySequence<byte>(Enumerable.Range(0, 64).SelectMany(i => i % 2 == 0 ? flowModBytes : packetInBytes).ToArray());
        var writer = new ArrayBufferWriter<byte>(4096);

        Console.WriteLine($"{"operation",-18} {"msg/s/core",14} {"ns/msg (cpu)",13} {"alloc B/msg",12} {"vs 5M target",13}");
        Report("flow-mod encode", seconds, 1, () =>
        {
            writer.ResetWrittenCount();
            OpenFlowCodec.Encode(flowMod, writer);
        });
        Report("flow-mod decode", seconds, 1, () => OpenFlowCodec.Decode(flowModBytes));
        Report("packet-in decode", seconds, 1, () => OpenFlowCodec.Decode(packetInBytes));
        Report("frame read", seconds, 64, () =>
        {
            var buffer = stream;
            while (OpenFlowCodec.TryReadFrame(ref buffer, out _, out _))
            {
            }
        });
        return Task.FromResult(0);
    }

    private static void Report(string name, double seconds, int messagesPerCall, Action op)
    {
        for (var i = 0; i < 200_000 / messagesPerCall; i++)
            op();
        var process = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var alloc0 = GC.GetAllocatedBytesForCurrentThread();
        long calls = 0;
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 1000; i++)
                op();
            calls += 1000;
        }
        var alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var messages = calls * messagesPerCall;
        var perSecond = messages / cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-18} {perSecond,14:N0} {1e9 / perSecond,13:F1} {(double)alloc / messages,12:F1} {perSecond / TargetPerSecond,12:F2}x"));
    }
}
