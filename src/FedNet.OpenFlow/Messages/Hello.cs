using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// OFPT_HELLO (spec 1.3.5 A.5.1): <c>struct ofp_hello { ofp_header; ofp_hello_elem_header elements[]; }</c>.
/// <see cref="Version"/> is the header's version, the sender's highest; the version bitmap element lists all it speaks.
/// </summary>
public sealed record Hello : OfpMessage
{
    public override OfpType Type => OfpType.Hello;

    /// <summary>The header version (highest version the sender supports).</summary>
    public byte Version { get; init; } = OpenFlowCodec.Version13;

    /// <summary>Hello elements, in wire order.</summary>
    public EquatableArray<HelloElement> Elements { get; init; }

    internal override byte WireVersion => Version;

    /// <summary>A hello announcing exactly <paramref name="versions"/> (header version = the highest).</summary>
    public static Hello ForVersions(params byte[] versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Length == 0)
            throw new ArgumentException("at least one version is needed", nameof(versions));
        return new Hello { Version = versions.Max(), Elements = [HelloVersionBitmap.For(versions)] };
    }

    /// <summary>
    /// True if the sender supports <paramref name="version"/>: per its bitmap when it sent one, otherwise every version
    /// up to the header's (spec 6.3.1).
    /// </summary>
    public bool Supports(byte version)
    {
        foreach (var e in Elements)
        {
            if (e is HelloVersionBitmap bitmap)
                return bitmap.Contains(version);
        }
        return version <= Version;
    }

    internal override void EncodeBody(OfpWriter writer)
    {
        foreach (var e in Elements)
            e.Encode(writer);
    }

    internal static Hello Decode(byte version, ref OfpReader r)
    {
        var elements = new List<HelloElement>();
        while (!r.IsEmpty)
        {
            // struct ofp_hello_elem_header { uint16_t type; uint16_t length; } - length excludes padding to 8.
            var length = r.CheckTlvLength(r.PeekU16(2), 4, aligned: false, "hello element");
            var type = r.U16();
            r.U16();
            var body = r.Sub(length - 4, "hello element");
            elements.Add(type == HelloVersionBitmap.ElementType ? HelloVersionBitmap.Decode(ref body) : new HelloUnknownElement(type, body.RestArray()));
            // Each element is followed by the padding that brings it to 8 bytes (spec A.5.1).
            r.PadTo8(length);
        }
        return new Hello { Version = version, Elements = elements.ToArray() };
    }
}

/// <summary>An element of a hello message.</summary>
public abstract record HelloElement
{
    private protected HelloElement()
    {
    }

    internal abstract void Encode(OfpWriter writer);
}

/// <summary>OFPHET_VERSIONBITMAP: bit n of the bitmaps set means wire version n is supported.</summary>
public sealed record HelloVersionBitmap(EquatableArray<uint> Bitmaps) : HelloElement
{
    internal const ushort ElementType = 1;

    /// <summary>A bitmap with the bits of <paramref name="versions"/> set.</summary>
    public static HelloVersionBitmap For(params byte[] versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var words = new uint[versions.Max() / 32 + 1];
        foreach (var v in versions)
            words[v / 32] |= 1u << (v % 32);
        return new HelloVersionBitmap(words);
    }

    /// <summary>True if bit <paramref name="version"/> is set.</summary>
    public bool Contains(byte version) => version / 32 < Bitmaps.Count && (Bitmaps[version / 32] & (1u << (version % 32))) != 0;

    internal override void Encode(OfpWriter writer)
    {
        var start = writer.Position;
        writer.U16(ElementType);
        writer.U16((ushort)(4 + 4 * Bitmaps.Count));
        foreach (var b in Bitmaps)
            writer.U32(b);
        writer.PadTo8(start);
    }

    internal static HelloVersionBitmap Decode(ref OfpReader r)
    {
        if (r.Remaining % 4 != 0)
            throw r.Error($"version bitmap of {r.Remaining} bytes is not a multiple of 4");
        var words = new uint[r.Remaining / 4];
        for (var i = 0; i < words.Length; i++)
            words[i] = r.U32();
        return new HelloVersionBitmap(words);
    }
}

/// <summary>A hello element this library does not know, kept byte for byte.</summary>
public sealed record HelloUnknownElement(ushort ElementType, EquatableArray<byte> Data) : HelloElement
{
    internal override void Encode(OfpWriter writer)
    {
        var start = writer.Position;
        writer.U16(ElementType);
        writer.U16((ushort)(4 + Data.Count));
        writer.Bytes(Data.AsSpan());
        writer.PadTo8(start);
    }
}
