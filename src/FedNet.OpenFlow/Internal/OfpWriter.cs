using System.Buffers.Binary;

namespace FedNet.OpenFlow.Internal;

/// <summary>
/// Growable big-endian buffer a message is encoded into before it is copied to the caller's
/// <see cref="System.Buffers.IBufferWriter{T}"/>; lengths are written as placeholders and back-patched.
/// One instance is cached per thread so steady-state encoding does not allocate.
/// </summary>
internal sealed class OfpWriter
{
    [ThreadStatic]
    private static OfpWriter? _cached;

    private byte[] _buffer = new byte[512];
    private int _pos;

    public static OfpWriter Rent()
    {
        var w = _cached ?? new OfpWriter();
        _cached = null;
        w._pos = 0;
        return w;
    }

    public static void Return(OfpWriter writer)
    {
        if (writer._buffer.Length <= 1 << 17)
            _cached = writer;
    }

    public int Position => _pos;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _pos);

    public void U8(byte value) => Take(1)[0] = value;

    public void U16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    public void U24(uint value)
    {
        var s = Take(3);
        s[0] = (byte)(value >> 16);
        s[1] = (byte)(value >> 8);
        s[2] = (byte)value;
    }

    public void U32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    public void U64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

    public void Zeros(int count) => Take(count).Clear();

    /// <summary>A fixed-size NUL-padded UTF-8 field; longer text is cut.</summary>
    public void FixedString(string value, int size)
    {
        var s = Take(size);
        s.Clear();
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        bytes.AsSpan(0, Math.Min(bytes.Length, size)).CopyTo(s);
    }

    /// <summary>Pads with zeros so the structure that started at <paramref name="start"/> ends on 8 bytes.</summary>
    public void PadTo8(int start) => Zeros(Align.PaddingTo8(_pos - start));

    /// <summary>Back-patches a u16 length written earlier as a placeholder.</summary>
    public void PatchU16(int at, int value)
    {
        if (value > ushort.MaxValue)
            throw new ArgumentException($"encoded structure is {value} bytes, more than an OpenFlow length field can hold");
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), (ushort)value);
    }

    private Span<byte> Take(int count)
    {
        if (_pos + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _pos + count));
        var s = _buffer.AsSpan(_pos, count);
        _pos += count;
        return s;
    }
}
