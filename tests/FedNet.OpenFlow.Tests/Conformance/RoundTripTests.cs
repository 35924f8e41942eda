using FedNet.OpenFlow;
using Xunit;

namespace FedNet.OpenFlow.Tests.Conformance;

public sealed class RoundTripTests
{
    public static TheoryData<string> ValidFiles() => new(Corpus.ValidFiles());

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void CorpusFile_DecodeThenEncode_IsByteIdentical(string file)
    {
        var frames = Corpus.Frames(file);
        Assert.NotEmpty(frames);
        foreach (var frame in frames)
        {
            var message = OpenFlowCodec.Decode(frame);
            var encoded = OpenFlowCodec.Encode(message);
            Assert.Equal(Convert.ToHexString(frame), Convert.ToHexString(encoded));
            // Decoding the re-encoded bytes gives an equal record (value equality over collections).
            Assert.Equal(message, OpenFlowCodec.Decode(encoded));
        }
    }

    [Fact]
    public void TruncatedVector_Decode_IsReportedMalformed()
    {
        var truncated = Corpus.AllFiles().Where(f => f.Contains("truncated", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(truncated);
        foreach (var file in truncated)
        {
            var bytes = Corpus.Read(file);
            var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
            Assert.InRange(e.Offset, 0, bytes.Length);
        }
    }

    [Fact]
    public void FlowModTruncatedTo64Bytes_DecodeAndPatchedDecode_AreMalformed()
    {
        // The corpus's truncated64 vector may be empty; build the truncation it names from its source packet.
        var bytes = Corpus.Read("libofproto-OFP13-flow_mod.packet").AsSpan(0, 64).ToArray();
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        Assert.False(OpenFlowCodec.TryReadFrame(ref buffer, out _));
        Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 64);
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
        Assert.Contains("overruns", e.Reason, StringComparison.Ordinal);
    }
}
