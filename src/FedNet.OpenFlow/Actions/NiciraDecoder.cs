using System.Buffers.Binary;
using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// Decodes the Nicira actions FedNet models (OVS <c>lib/ofp-actions.c</c>). A Nicira action only becomes typed if it
/// re-encodes to exactly the bytes received; anything else stays an opaque <see cref="ExperimenterAction"/>.
/// </summary>
internal static class NiciraDecoder
{
    /// <param name="data">Bytes after the vendor id: subtype, body, padding.</param>
    /// <param name="action">The typed action when this returns true.</param>
    public static bool TryDecode(ReadOnlySpan<byte> data, out NiciraAction action)
    {
        action = null!;
        if (data.Length < 2)
            return false;
        var subtype = BinaryPrimitives.ReadUInt16BigEndian(data);
        var body = data[2..];
        NiciraAction? candidate = subtype switch
        {
            1 or 14 when body.Length == 6 => new NxResubmitAction(
                BinaryPrimitives.ReadUInt16BigEndian(body), subtype == 14 ? body[2] : null),
            6 when body.Length == 14 => new NxRegMoveAction(
                OxmField.FromHeader(BinaryPrimitives.ReadUInt32BigEndian(body[6..])),
                OxmField.FromHeader(BinaryPrimitives.ReadUInt32BigEndian(body[10..])),
                BinaryPrimitives.ReadUInt16BigEndian(body),
                BinaryPrimitives.ReadUInt16BigEndian(body[2..]),
                BinaryPrimitives.ReadUInt16BigEndian(body[4..])),
            7 when body.Length == 14 => new NxRegLoadAction(
                OxmField.FromHeader(BinaryPrimitives.ReadUInt32BigEndian(body[2..])),
                BinaryPrimitives.ReadUInt16BigEndian(body) >> 6,
                (BinaryPrimitives.ReadUInt16BigEndian(body) & 0x3f) + 1,
                BinaryPrimitives.ReadUInt64BigEndian(body[6..])),
            8 => new NxNoteAction(body.ToArray()),
            _ => null,
        };
        if (candidate is null)
            return false;
        var w = OfpWriter.Rent();
        try
        {
            candidate.Encode(w);
            // Compare everything after the 8-byte type/len/vendor prefix with what arrived.
            if (!w.Written[8..].SequenceEqual(data))
                return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
        finally
        {
            OfpWriter.Return(w);
        }
        action = candidate;
        return true;
    }
}
