using System.Buffers.Binary;

namespace FedNet.OpenFlow.Internal;

/// <summary>
/// Big-endian cursor over one frame (or one TLV inside it). Every read is bounds-checked and failures become
/// <see cref="OpenFlowProtocolException"/> naming the absolute offset, never an IndexOutOfRangeException.
/// </summary>
internal ref struct OfpReader
{
    private readonly ReadOnlySpan<byte> _span;
    private readonly int _base;
    private int _pos;

    public OfpReader(ReadOnlySpan<byte> span, int baseOffset = 0)
    {
        _span = span;
        _base = baseOffset;
        _pos = 0;
    }

    /// <summary>Bytes left in this reader.</summary>
    public readonly int Remaining => _span.Length - _pos;

    /// <summary>Absolute offset (from the start of the frame) of the next byte.</summary>
    public readonly int Offset => _base + _pos;

    /// <summary>Position relative to the start of this reader.</summary>
    public readonly int Position => _pos;

    public readonly bool IsEmpty => _pos >= _span.Length;

    public byte U8()
    {
        Need(1, "u8");
        return _span[_pos++];
    }

    public ushort U16()
    {
        Need(2, "u16");
        var v = BinaryPrimitives.ReadUInt16BigEndian(_span[_pos..]);
        _pos += 2;
        return v;
    }

    public uint U24()
    {
        Need(3, "u24");
        var v = (uint)(_span[_pos] << 16 | _span[_pos + 1] << 8 | _span[_pos + 2]);
        _pos += 3;
        return v;
    }

    public uint U32()
    {
        Need(4, "u32");
        var v = BinaryPrimitives.ReadUInt32BigEndian(_span[_pos..]);
        _pos += 4;
        return v;
    }

    public ulong U64()
    {
        Need(8, "u64");
        var v = BinaryPrimitives.ReadUInt64BigEndian(_span[_pos..]);
        _pos += 8;
        return v;
    }

    /// <summary>Reads a u16 at <paramref name="relative"/> bytes ahead without moving.</summary>
    public readonly ushort PeekU16(int relative = 0)
    {
        if (relative < 0 || Remaining < relative + 2)
            throw Error($"need {relative + 2} bytes to peek a length/type, {Remaining} left");
        return BinaryPrimitives.ReadUInt16BigEndian(_span[(_pos + relative)..]);
    }

    /// <summary>Reads a u32 at <paramref name="relative"/> bytes ahead without moving.</summary>
    public readonly uint PeekU32(int relative = 0)
    {
        if (relative < 0 || Remaining < relative + 4)
            throw Error($"need {relative + 4} bytes to peek a header, {Remaining} left");
        return BinaryPrimitives.ReadUInt32BigEndian(_span[(_pos + relative)..]);
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        Need(count, "bytes");
        var s = _span.Slice(_pos, count);
        _pos += count;
        return s;
    }

    /// <summary>Copies <paramref name="count"/> bytes out (for fields the message keeps).</summary>
    public EquatableArray<byte> Array(int count) => Bytes(count).ToArray();

    /// <summary>Copies everything that is left.</summary>
    public EquatableArray<byte> RestArray() => Array(Remaining);

    /// <summary>A fixed-size, NUL-padded UTF-8 string (desc stats, port and table names).</summary>
    public string FixedString(int count)
    {
        var bytes = Bytes(count);
        var end = bytes.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    /// <summary>Skips padding.</summary>
    public void Pad(int count) => Bytes(count);

    /// <summary>Skips the padding that brings <paramref name="length"/> up to a multiple of 8.</summary>
    public void PadTo8(int length) => Pad(Align.PaddingTo8(length));

    /// <summary>
    /// Takes the next <paramref name="length"/> bytes as a child reader (a TLV body); a length that overruns this
    /// reader is a protocol error naming <paramref name="what"/>.
    /// </summary>
    public OfpReader Sub(int length, string what)
    {
        if (length < 0 || length > Remaining)
            throw Error($"{what} length {length} overruns its parent ({Remaining} bytes left)");
        var sub = new OfpReader(_span.Slice(_pos, length), _base + _pos);
        _pos += length;
        return sub;
    }

    /// <summary>
    /// Reads a TLV's own length field value and checks it against the bytes left: at least <paramref name="minimum"/>,
    /// no more than remain, and a multiple of 8 when <paramref name="aligned"/>. Does not move.
    /// </summary>
    public readonly int CheckTlvLength(int length, int minimum, bool aligned, string what)
    {
        if (length < minimum)
            throw Error($"{what} length {length} is shorter than its minimum {minimum}");
        if (length > Remaining)
            throw Error($"{what} length {length} overruns its parent ({Remaining} bytes left)");
        if (aligned && length % 8 != 0)
            throw Error($"{what} length {length} is not a multiple of 8");
        return length;
    }

    /// <summary>
    /// Counts the TLVs left in this reader by walking their length fields (at <paramref name="lengthOffset"/> within
    /// each, counting <paramref name="extra"/> bytes on top), so lists are allocated at their final size. A length
    /// that cannot be right ends the count; the decoder that follows reports it.
    /// </summary>
    public readonly int CountTlvs(int lengthOffset, int lengthSize, int extra, int minimum)
    {
        var count = 0;
        var pos = _pos;
        while (pos < _span.Length)
        {
            count++;
            if (_span.Length - pos < lengthOffset + lengthSize)
                break;
            var length = (lengthSize == 1 ? _span[pos + lengthOffset] : BinaryPrimitives.ReadUInt16BigEndian(_span[(pos + lengthOffset)..])) + extra;
            if (length < minimum || length > _span.Length - pos)
                break;
            pos += length;
        }
        return count;
    }

    /// <summary>Fails if bytes are left where the structure should end.</summary>
    public readonly void ExpectEnd(string what)
    {
        if (!IsEmpty)
            throw Error($"{Remaining} unexpected trailing bytes after {what}");
    }

    public readonly OpenFlowProtocolException Error(string reason) => new(reason, Offset);

    private readonly void Need(int count, string what)
    {
        if (count < 0 || count > Remaining)
            throw Error($"truncated: need {count} bytes for {what}, {Remaining} left");
    }
}
