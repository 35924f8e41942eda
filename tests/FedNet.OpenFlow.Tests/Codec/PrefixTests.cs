using System.Buffers;
using System.Buffers.Binary;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Tests.Conformance;
using Xunit;

namespace FedNet.OpenFlow.Tests.Codec;

/// <summary>Every prefix of every corpus message: "incomplete" or a protocol error, nothing else.</summary>
public sealed class PrefixTests
{
    public static TheoryData<string> Files() => new(Corpus.AllFiles());

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryPrefix_FramedAndDecoded_IsIncompleteOrProtocolError(string file)
    {
        var bytes = Corpus.Read(file);
        for (var k = 0; k < bytes.Length; k++)
        {
            var prefix = bytes.AsSpan(0, k).ToArray();

            // Framing: a strict prefix of a well-formed stream is never a protocol error unless the file itself is.
            var buffer = new ReadOnlySequence<byte>(prefix);
            try
            {
                while (OpenFlowCodec.TryReadFrame(ref buffer, out var frame))
                    OpenFlowCodec.Decode(frame);
            }
            catch (OpenFlowProtocolException e)
            {
                Assert.InRange(e.Offset, 0, bytes.Length);
            }

            // Decoding the bare prefix: the header announces more bytes than are there.
            var bare = Record.Exception(() => OpenFlowCodec.Decode(prefix));
            Assert.IsType<OpenFlowProtocolException>(bare);

            // Decoding the prefix with its header length patched to match: body decoders meet truncated TLVs.
            if (k >= 8)
            {
                BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(2), (ushort)k);
                var patched = Record.Exception(() => OpenFlowCodec.Decode(prefix));
                Assert.True(patched is null or OpenFlowProtocolException, $"{file} prefix {k}: {patched}");
            }
        }
    }
}
