using System.Buffers;
using System.Text;
using System.Text.Json;
using FedNet.Ovsdb.Internal;

namespace FedNet.Ovsdb.Tests;

public sealed class FramingTests
{
    private static List<string> Frames(JsonFrameScanner scanner, ref ReadOnlySequence<byte> buffer)
    {
        var frames = new List<string>();
        while (scanner.TryFindFrame(buffer, out var length))
        {
            frames.Add(Encoding.UTF8.GetString(buffer.Slice(0, length).ToArray()).Trim());
            buffer = buffer.Slice(length);
        }
        return frames;
    }

    [Fact]
    public void TryFindFrame_TwoMessagesInOneBuffer_SplitsAtValueBoundary()
    {
        var scanner = new JsonFrameScanner(1 << 20, 64);
        var buffer = new ReadOnlySequence<byte>("{\"id\":1,\"result\":[\"}\"]} \n{\"id\":2,\"result\":{}}"u8.ToArray());
        var frames = Frames(scanner, ref buffer);
        Assert.Equal(["{\"id\":1,\"result\":[\"}\"]}", "{\"id\":2,\"result\":{}}"], frames);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void TryFindFrame_EveryPrefixFedByteByByte_YieldsTheMessageOnlyWhenComplete()
    {
        var message = "{\"method\":\"update2\",\"params\":[\"m\",{\"Bridge\":{\"a\":{\"modify\":{\"name\":\"x\\\"y\",\"n\":[\"set\",[1.5,2]]}}}}],\"id\":null}"u8.ToArray();
        var scanner = new JsonFrameScanner(1 << 20, 64);
        for (var cut = 1; cut < message.Length; cut++)
        {
            var first = new ReadOnlySequence<byte>(message.AsMemory(0, cut));
            Assert.False(scanner.TryFindFrame(first, out _));
            var whole = new ReadOnlySequence<byte>(message);
            Assert.True(scanner.TryFindFrame(whole, out var length));
            Assert.Equal(message.Length, length);
        }
    }

    [Fact]
    public void TryFindFrame_DeepNesting_Throws()
    {
        var scanner = new JsonFrameScanner(1 << 20, 16);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(new string('[', 100)));
        Assert.ThrowsAny<JsonException>(() => scanner.TryFindFrame(buffer, out _));
    }

    [Fact]
    public void TryFindFrame_MessageOverLimit_ThrowsBeforeItEnds()
    {
        var scanner = new JsonFrameScanner(4096, 64);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("{\"id\":1,\"result\":\"" + new string('x', 10_000)));
        Assert.Throws<InvalidDataException>(() => scanner.TryFindFrame(buffer, out _));
    }

    [Fact]
    public void TryFindFrame_Garbage_Throws()
    {
        var scanner = new JsonFrameScanner(4096, 64);
        var buffer = new ReadOnlySequence<byte>("{\"id\" 1}"u8.ToArray());
        Assert.ThrowsAny<JsonException>(() => scanner.TryFindFrame(buffer, out _));
    }
}
