using System.Buffers.Binary;
using FedNet.OpenFlow;
using Xunit;

namespace FedNet.OpenFlow.Tests.Codec;

/// <summary>Specific lies and misalignments are reported as protocol errors naming the offset.</summary>
public sealed class MalformedTests
{
    // FlowMod header (8) + fixed part (40) = 48; empty match = 8 bytes; instructions start at 56.
    private const int InstructionsOffset = 56;

    private static byte[] FlowModWithOutput() => OpenFlowCodec.Encode(new FlowMod
    {
        Instructions = [Instructions.Apply(Actions.Output(1))],
    });

    [Fact]
    public void Decode_ActionLengthOverrunsInstruction_NamesTheActionOffset()
    {
        var bytes = FlowModWithOutput();
        var actionOffset = InstructionsOffset + 8;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(actionOffset + 2), 64);
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
        Assert.Equal(actionOffset, e.Offset);
        Assert.Contains("overruns", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ActionLengthNotMultipleOf8_IsMisaligned()
    {
        var bytes = FlowModWithOutput();
        var actionOffset = InstructionsOffset + 8;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(actionOffset + 2), 12);
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
        Assert.Equal(actionOffset, e.Offset);
        Assert.Contains("multiple of 8", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_InstructionLengthOverrunsMessage_NamesTheInstructionOffset()
    {
        var bytes = FlowModWithOutput();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(InstructionsOffset + 2), 0x100);
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
        Assert.Equal(InstructionsOffset, e.Offset);
    }

    [Fact]
    public void Decode_MatchLengthOverrunsMessage_IsProtocolError()
    {
        var bytes = FlowModWithOutput();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(48 + 2), 0x4000);
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
        Assert.Equal(52, e.Offset);
    }

    [Fact]
    public void Decode_OxmLengthOverrunsMatch_NamesTheOxmOffset()
    {
        var bytes = OpenFlowCodec.Encode(new FlowMod { Match = Match.Any.InPort(3) });
        // Match at 48: type, length=12, OXM header at 52 whose length byte (at 55) now claims 40 bytes.
        bytes[55] = 40;
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
        Assert.Equal(52, e.Offset);
    }

    [Fact]
    public void Decode_MatchPaddingMissing_IsProtocolError()
    {
        // A packet-in whose match (length 12) is not followed by its 4 bytes of padding.
        var bytes = OpenFlowCodec.Encode(new PacketIn { Match = Match.Any.InPort(3) });
        var cut = bytes.AsSpan(0, 24 + 12).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(cut.AsSpan(2), (ushort)cut.Length);
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(cut));
        Assert.Equal(36, e.Offset);
    }

    [Fact]
    public void Decode_SetFieldWithExtraPadding_IsMisaligned()
    {
        var bytes = OpenFlowCodec.Encode(new PacketOut { Actions = [Actions.SetVlanVid(5)] });
        // Claim the set_field action is 24 bytes: its 6-byte OXM needs exactly 16.
        var grown = new byte[bytes.Length + 8];
        bytes.CopyTo(grown, 0);
        BinaryPrimitives.WriteUInt16BigEndian(grown.AsSpan(2), (ushort)grown.Length);
        BinaryPrimitives.WriteUInt16BigEndian(grown.AsSpan(16), 24);
        BinaryPrimitives.WriteUInt16BigEndian(grown.AsSpan(24 + 2), 24);
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(grown));
        Assert.Contains("misaligned", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HeaderLengthDisagreesWithFrame_NamesOffset2()
    {
        var bytes = OpenFlowCodec.Encode(new EchoRequest { Data = new byte[] { 1, 2 } });
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes.AsSpan(0, 9)));
        Assert.Equal(2, e.Offset);
    }

    [Fact]
    public void Decode_UnknownMessageType_NamesOffset1()
    {
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(new byte[] { 4, 99, 0, 8, 0, 0, 0, 0 }));
        Assert.Equal(1, e.Offset);
    }

    [Fact]
    public void Decode_TrailingBytesAfterFixedMessage_IsProtocolError()
    {
        var bytes = new byte[] { 4, (byte)OfpType.BarrierReply, 0, 9, 0, 0, 0, 0, 0 };
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(bytes));
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void Decode_BundleAddNestingBundleAdd_IsRefused()
    {
        var inner = BundleAdd.For(1, new BarrierRequest());
        var innerBytes = OpenFlowCodec.Encode(inner);
        var outer = OpenFlowCodec.Encode(BundleAdd.For(2, new EchoRequest { Data = innerBytes }));
        // Replace the embedded echo (after the 24-byte outer prefix) with the encoded bundle add itself.
        var forged = new byte[24 + innerBytes.Length];
        outer.AsSpan(0, 24).CopyTo(forged);
        innerBytes.CopyTo(forged, 24);
        BinaryPrimitives.WriteUInt16BigEndian(forged.AsSpan(2), (ushort)forged.Length);
        var e = Assert.Throws<OpenFlowProtocolException>(() => OpenFlowCodec.Decode(forged));
        Assert.Equal(24, e.Offset);
    }
}
