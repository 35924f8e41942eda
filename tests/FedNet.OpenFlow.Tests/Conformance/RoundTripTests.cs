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
}
