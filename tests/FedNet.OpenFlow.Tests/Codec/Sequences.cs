using System.Buffers;

namespace FedNet.OpenFlow.Tests.Codec;

/// <summary>Builds multi-segment sequences, the way a pipe hands over bytes that arrived in pieces.</summary>
internal static class Sequences
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        var last = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order())
        {
            pieces.Add(bytes.AsMemory(last, cut - last));
            last = cut;
        }
        pieces.Add(bytes.AsMemory(last));
        if (pieces.Count == 1)
            return new ReadOnlySequence<byte>(pieces[0]);
        var first = new Segment(pieces[0], 0);
        var current = first;
        foreach (var p in pieces.Skip(1))
            current = current.Append(p);
        return new ReadOnlySequence<byte>(first, 0, current, current.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
