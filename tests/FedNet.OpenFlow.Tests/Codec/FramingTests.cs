using System.Buffers;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Tests.Conformance;
using Xunit;

namespace FedNet.OpenFlow.Tests.Codec;

public sealed class FramingTests
{
    private static readonly byte[] Barrier = OpenFlowCodec.Encode(new BarrierRequest { Xid = 7 });

    [Fact]
    public void TryReadFrame_TwoMessagesInOneBuffer_SlicesBothAndLeavesRest()
    {
        var echo = OpenFlowCodec.Encode(new EchoRequest { Xid = 9, Data = new byte[] { 1, 2, 3 } });
        var buffer = new ReadOnlySequence<byte>([.. Barrier, .. echo, 4]);

        Assert.True(OpenFlowCodec.TryReadFrame(ref buffer, out var header, out var first));
        Assert.Equal(new OfpHeader(4, OfpType.BarrierRequest, 8, 7), header);
        Assert.Equal(Barrier, first.ToArray());
        Assert.True(OpenFlowCodec.TryReadFrame(ref buffer, out var second));
        Assert.Equal(echo, second.ToArray());
        Assert.False(OpenFlowCodec.TryReadFrame(ref buffer, out _));
        Assert.Equal(1, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_EverySplitOfEveryCorpusFrame_YieldsTheSameFrame()
    {
        foreach (var (name, frame) in Corpus.AllFrames().Take(40))
        {
            for (var cut = 1; cut < frame.Length; cut += Math.Max(1, frame.Length / 16))
            {
                var buffer = Sequences.Split(frame, cut, cut + 3);
                Assert.True(OpenFlowCodec.TryReadFrame(ref buffer, out var got), name);
                Assert.Equal(frame, got.ToArray());
                Assert.Equal(OpenFlowCodec.Decode(frame), OpenFlowCodec.Decode(got));
            }
        }
    }

    [Fact]
    public void TryReadFrame_HeaderSplitAcrossSegments_ReadsHeaderWithoutCopyingBody()
    {
        var buffer = Sequences.Split(Barrier, 1, 2, 5);
        Assert.True(OpenFlowCodec.TryReadFrame(ref buffer, out var header, out _));
        Assert.Equal(7u, header.Xid);
    }

    [Fact]
    public void TryReadFrame_BodyMissing_ReturnsFalseAndKeepsBuffer()
    {
        var echo = OpenFlowCodec.Encode(new EchoRequest { Data = new byte[100] });
        var buffer = new ReadOnlySequence<byte>(echo.AsMemory(0, 50));
        Assert.False(OpenFlowCodec.TryReadFrame(ref buffer, out _));
        Assert.Equal(50, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_BadVersion_FailsAtOffset0BeforeTheBodyArrives()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 1, 14, 0xff, 0xff, 0, 0, 0, 1 });
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.TryReadFrame(ref buffer, out _));
        Assert.Equal(0, e.Offset);
        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_HelloOfAnotherVersion_IsFramedForNegotiation()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 6, 0, 0, 8, 0, 0, 0, 1 });
        Assert.True(OpenFlowCodec.TryReadFrame(ref buffer, out var frame));
        var hello = Assert.IsType<Hello>(OpenFlowCodec.Decode(frame));
        Assert.Equal(6, hello.Version);
        Assert.True(hello.Supports(4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void TryReadFrame_LengthShorterThanHeader_FailsAtOffset2(int length)
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 4, 2, 0, (byte)length, 0, 0, 0, 1 });
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.TryReadFrame(ref buffer, out _));
        Assert.Equal(2, e.Offset);
    }

    [Fact]
    public void TryReadFrame_LengthAboveConfiguredMaximum_FailsBeforeBuffering()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 4, 2, 0x40, 0, 0, 0, 0, 1 });
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.TryReadFrame(ref buffer, out _, maxLength: 4096));
        Assert.Equal(2, e.Offset);
        Assert.Contains("16384", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MultiSegmentSequence_EqualsSpanDecode()
    {
        var frame = Corpus.Frames("4-12-ofp_flow_stats_reply.packet")[0];
        Assert.Equal(OpenFlowCodec.Decode(frame), OpenFlowCodec.Decode(Sequences.Split(frame, 3, 50, 100)));
    }

    [Fact]
    public void Encode_IntoBufferWriter_AppendsExactBytes()
    {
        var writer = new ArrayBufferWriter<byte>();
        OpenFlowCodec.Encode(new BarrierRequest { Xid = 7 }, writer);
        OpenFlowCodec.Encode(new BarrierRequest { Xid = 7 }, writer);
        Assert.Equal([.. Barrier, .. Barrier], writer.WrittenSpan.ToArray());
    }
}
