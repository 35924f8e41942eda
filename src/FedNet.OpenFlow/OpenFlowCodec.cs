using System.Buffers;
using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// Frames, decodes and encodes OpenFlow 1.3 messages. Framing first (<see cref="TryReadFrame(ref ReadOnlySequence{byte}, out ReadOnlySequence{byte}, int)"/>),
/// then decoding of a complete frame. Malformed input always raises <see cref="OpenFlowProtocolException"/> with the
/// offending offset; nothing here trusts a length field before checking it against the bytes present.
/// </summary>
public static class OpenFlowCodec
{
    /// <summary>The <c>ofp_header.version</c> of OpenFlow 1.3.</summary>
    public const byte Version13 = 4;

    /// <summary>The largest message a 16-bit length field can describe.</summary>
    public const int MaxMessageLength = ushort.MaxValue;

    /// <summary>
    /// Slices the next whole message off <paramref name="buffer"/>. Returns false while bytes are missing (the caller
    /// reads more). The header is validated (version, <c>8 &lt;= length &lt;= maxLength</c>) as soon as its 8 bytes are
    /// present, before waiting for the body, so a lying length never makes the caller buffer forever.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, int maxLength = MaxMessageLength) =>
        TryReadFrame(ref buffer, out _, out frame, maxLength);

    /// <summary>As <see cref="TryReadFrame(ref ReadOnlySequence{byte}, out ReadOnlySequence{byte}, int)"/>, also returning the header.</summary>
    public static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer, out OfpHeader header, out ReadOnlySequence<byte> frame, int maxLength = MaxMessageLength)
    {
        frame = default;
        if (!TryReadHeader(buffer, out header, maxLength))
            return false;
        if (buffer.Length < header.Length)
            return false;
        frame = buffer.Slice(0, header.Length);
        buffer = buffer.Slice(header.Length);
        return true;
    }

    /// <summary>
    /// Reads and validates the header at the start of <paramref name="buffer"/>; false when fewer than 8 bytes are
    /// present. Does not allocate.
    /// </summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out OfpHeader header, int maxLength = MaxMessageLength)
    {
        header = default;
        if (buffer.Length < OfpHeader.Size)
            return false;
        var first = buffer.FirstSpan;
        if (first.Length >= OfpHeader.Size)
        {
            header = OfpHeader.Read(first);
        }
        else
        {
            Span<byte> tmp = stackalloc byte[OfpHeader.Size];
            buffer.Slice(0, OfpHeader.Size).CopyTo(tmp);
            header = OfpHeader.Read(tmp);
        }
        Validate(header, maxLength);
        return true;
    }

    /// <summary>Checks a header: version 4 (a hello may announce any version), <c>8 &lt;= length &lt;= maxLength</c>.</summary>
    public static void Validate(OfpHeader header, int maxLength = MaxMessageLength)
    {
        // A hello carries the sender's highest version (spec 6.3.1), so negotiation must be able to read any of them.
        if (header.Version != Version13 && !(header.Type == OfpType.Hello && header.Version != 0))
            throw new OpenFlowProtocolException($"unsupported version {header.Version} for {header.Type} (expected {Version13})", 0);
        if (header.Length < OfpHeader.Size)
            throw new OpenFlowProtocolException($"length {header.Length} is shorter than the 8-byte header", 2);
        if (header.Length > maxLength)
            throw new OpenFlowProtocolException($"length {header.Length} exceeds the maximum {maxLength}", 2);
    }

    /// <summary>Decodes exactly one message; <paramref name="frame"/> must hold exactly the bytes its header announces.</summary>
    public static OfpMessage Decode(ReadOnlySpan<byte> frame) => Decode(frame, 0);

    /// <summary>Decodes a frame that sits at <paramref name="baseOffset"/> inside a larger buffer (for error offsets).</summary>
    internal static OfpMessage Decode(ReadOnlySpan<byte> frame, int baseOffset)
    {
        if (frame.Length < OfpHeader.Size)
            throw new OpenFlowProtocolException($"truncated: {frame.Length} bytes, an OpenFlow header needs 8", baseOffset + frame.Length);
        var header = OfpHeader.Read(frame);
        try
        {
            Validate(header);
        }
        catch (OpenFlowProtocolException e) when (baseOffset != 0)
        {
            throw new OpenFlowProtocolException(e.Reason, baseOffset + e.Offset);
        }
        if (header.Length != frame.Length)
            throw new OpenFlowProtocolException(
                header.Length > frame.Length
                    ? $"truncated: header announces {header.Length} bytes, only {frame.Length} present"
                    : $"header announces {header.Length} bytes but the frame holds {frame.Length}",
                baseOffset + 2);
        var reader = new OfpReader(frame[OfpHeader.Size..], baseOffset + OfpHeader.Size);
        return MessageDecoder.DecodeBody(header, ref reader);
    }

    /// <summary>Decodes exactly one message held in a (possibly multi-segment) sequence.</summary>
    public static OfpMessage Decode(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
            return Decode(frame.FirstSpan);
        if (frame.Length > MaxMessageLength)
            throw new OpenFlowProtocolException($"frame of {frame.Length} bytes exceeds the maximum {MaxMessageLength}", 2);
        var rented = ArrayPool<byte>.Shared.Rent((int)frame.Length);
        try
        {
            frame.CopyTo(rented);
            return Decode(rented.AsSpan(0, (int)frame.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Encodes <paramref name="message"/> (header included, length filled in) into <paramref name="writer"/>.</summary>
    public static void Encode(OfpMessage message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = EncodeToScratch(message);
        try
        {
            writer.Write(w.Written);
        }
        finally
        {
            OfpWriter.Return(w);
        }
    }

    /// <summary>Encodes <paramref name="message"/> into a new array.</summary>
    public static byte[] Encode(OfpMessage message)
    {
        var w = EncodeToScratch(message);
        try
        {
            return w.Written.ToArray();
        }
        finally
        {
            OfpWriter.Return(w);
        }
    }

    private static OfpWriter EncodeToScratch(OfpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var w = OfpWriter.Rent();
        EncodeInto(w, message);
        return w;
    }

    /// <summary>Writes a whole message (header with back-patched length, body) at the writer's position.</summary>
    internal static void EncodeInto(OfpWriter w, OfpMessage message)
    {
        var start = w.Position;
        w.U8(message.WireVersion);
        w.U8((byte)message.Type);
        w.U16(0);
        w.U32(message.Xid);
        message.EncodeBody(w);
        w.PatchU16(start + 2, w.Position - start);
    }
}
