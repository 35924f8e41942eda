using System.Buffers.Binary;

namespace FedNet.OpenFlow;

/// <summary>The fixed 8-byte header every OpenFlow message starts with (<c>struct ofp_header</c>, spec 1.3.5 A.1).</summary>
/// <param name="Version">Wire protocol version; 4 for OpenFlow 1.3.</param>
/// <param name="Type">The message type.</param>
/// <param name="Length">Length of the whole message including this header.</param>
/// <param name="Xid">Transaction id, echoed in replies.</param>
public readonly record struct OfpHeader(byte Version, OfpType Type, ushort Length, uint Xid)
{
    /// <summary>Size of the header on the wire.</summary>
    public const int Size = 8;

    /// <summary>Reads a header from the first 8 bytes of <paramref name="source"/> without validating it.</summary>
    public static OfpHeader Read(ReadOnlySpan<byte> source) => new(
        source[0],
        (OfpType)source[1],
        BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[4..]));

    /// <summary>Writes this header into the first 8 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Xid);
    }
}
