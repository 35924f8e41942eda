using System.Buffers.Binary;
using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// One OXM TLV (spec 1.3.5 7.2.3.2): a field, its value and an optional mask, as raw big-endian bytes so that any class
/// (basic, Nicira, experimenter, unknown) round-trips exactly. Use <see cref="Of(OxmField, ulong, ulong?)"/> for
/// numeric fields and <see cref="ValueAsUInt64"/> to read them back.
/// </summary>
/// <param name="Field">Which field.</param>
/// <param name="Value">The value, big-endian.</param>
/// <param name="Mask">The mask (same length as the value), or null when the field is exact.</param>
public sealed record Oxm(OxmField Field, EquatableArray<byte> Value, EquatableArray<byte>? Mask = null)
{
    // Spelled out: a bare null would convert to an empty (non-null) EquatableArray through its implicit operator.
    private static readonly EquatableArray<byte>? NoMask = null;

    /// <summary>True when a mask is present.</summary>
    public bool HasMask => Mask is not null;

    /// <summary>A field of up to 8 bytes from an integer (and optional integer mask), big-endian in the field's width.</summary>
    public static Oxm Of(OxmField field, ulong value, ulong? mask = null)
    {
        if (field.Length > 8)
            throw new ArgumentException($"field {field.Name} is {field.Length} bytes; pass its bytes instead", nameof(field));
        return new Oxm(field, ToBytes(value, field.Length), mask is { } m ? ToBytes(m, field.Length) : NoMask);
    }

    /// <summary>A field from raw bytes (for example an IPv6 address or a MAC).</summary>
    public static Oxm Of(OxmField field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask = default) =>
        new(field, value.ToArray(), mask.IsEmpty ? NoMask : mask.ToArray());

    /// <summary>The value as an unsigned integer (fields up to 8 bytes).</summary>
    public ulong ValueAsUInt64() => FromBytes(Value.AsSpan());

    /// <summary>The mask as an unsigned integer, or null.</summary>
    public ulong? MaskAsUInt64() => Mask is { } m ? FromBytes(m.AsSpan()) : null;

    /// <summary>Bytes on the wire: 4-byte header, experimenter id if any, value, mask.</summary>
    public int WireLength => 4 + (Field.IsExperimenter ? 4 : 0) + Value.Count + (Mask?.Count ?? 0);

    public override string ToString() => Mask is { } m
        ? $"{Field.Name}=0x{Convert.ToHexString(Value.AsSpan())}/0x{Convert.ToHexString(m.AsSpan())}"
        : $"{Field.Name}=0x{Convert.ToHexString(Value.AsSpan())}";

    internal void Encode(OfpWriter w)
    {
        var payload = Value.Count + (Mask?.Count ?? 0) + (Field.IsExperimenter ? 4 : 0);
        if (payload > 255)
            throw new ArgumentException($"OXM {Field.Name} payload of {payload} bytes does not fit its length byte");
        if (Mask is { } mask && mask.Count != Value.Count)
            throw new ArgumentException($"OXM {Field.Name} mask length {mask.Count} differs from value length {Value.Count}");
        w.U32((uint)Field.Class << 16 | (uint)(Field.Field & 0x7f) << 9 | (HasMask ? 1u << 8 : 0) | (uint)payload);
        if (Field.IsExperimenter)
            w.U32(Field.Experimenter);
        w.Bytes(Value.AsSpan());
        if (Mask is { } m)
            w.Bytes(m.AsSpan());
    }

    // struct ofp_oxm_experimenter_header / uint32_t oxm header (spec 1.3.5 7.2.3.2, 7.2.3.12)
    internal static Oxm Decode(ref OfpReader r)
    {
        var start = r.Offset;
        var header = r.U32();
        var cls = (ushort)(header >> 16);
        var field = (byte)((header >> 9) & 0x7f);
        var hasMask = (header & 0x100) != 0;
        var length = (int)(header & 0xff);
        if (length > r.Remaining)
            throw new OpenFlowProtocolException($"OXM length {length} overruns its parent ({r.Remaining} bytes left)", start);
        uint experimenter = 0;
        if (cls == OxmField.ExperimenterClass)
        {
            if (length < 4)
                throw new OpenFlowProtocolException($"experimenter OXM length {length} is shorter than its experimenter id", start);
            experimenter = r.U32();
            length -= 4;
        }
        if (hasMask && length % 2 != 0)
            throw new OpenFlowProtocolException($"masked OXM length {length} is odd", start);
        var valueLength = hasMask ? length / 2 : length;
        var f = new OxmField(cls, field, (byte)valueLength, experimenter);
        var value = SmallValues.Get(r.Bytes(valueLength));
        return new Oxm(f, value, hasMask ? SmallValues.Get(r.Bytes(valueLength)) : NoMask);
    }

    private static byte[] ToBytes(ulong value, int length)
    {
        Span<byte> tmp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(tmp, value);
        return tmp[(8 - length)..].ToArray();
    }

    private static ulong FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 8)
            throw new InvalidOperationException($"a {bytes.Length}-byte value does not fit an integer");
        ulong v = 0;
        foreach (var b in bytes)
            v = v << 8 | b;
        return v;
    }
}
