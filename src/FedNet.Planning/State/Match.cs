using System.Numerics;
using System.Runtime.CompilerServices;

namespace FedNet.Planning.State;

/// <summary>
/// An OpenFlow match: a set of fields kept in the canonical order of <see cref="FieldKind"/>, so two matches with the
/// same fields are equal whatever order they were written in. <c>default</c> is <see cref="Any"/>.
/// </summary>
/// <remarks>
/// Holds its fields inline (which kinds are present as a bit set, up to <see cref="InlineFields"/> values in place)
/// rather than in an array of its own: a plan holds millions of matches, and one array per match was a third of the
/// objects the garbage collector traced in a full plan (docs/benchmarks.md, Planner). Masks and the values of fields
/// beyond the inline ones, both rare (broadcast and any-VLAN matches; foreign flows read back from a switch), live in
/// one small array.
/// </remarks>
public readonly struct Match : IEquatable<Match>
{
    /// <summary>How many field values a match holds without an extra array (FedNet's own matches have up to five).</summary>
    public const int InlineFields = 6;

    private readonly InlineValues _values;
    private readonly ushort _present;
    private readonly ushort _masked;
    // Values of the fields after the first InlineFields, then the masks of the masked fields, both in canonical order.
    private readonly ulong[]? _extra;

    private Match(in InlineValues values, ushort present, ushort masked, ulong[]? extra)
    {
        _values = values;
        _present = present;
        _masked = masked;
        _extra = extra;
    }

    /// <summary>Matches every packet.</summary>
    public static Match Any => default;

    /// <summary>Number of fields.</summary>
    public int Count => BitOperations.PopCount(_present);

    /// <summary>The fields, one per <see cref="FieldKind"/>, in canonical order (a new array: prefer <c>foreach</c> over the match).</summary>
    public EquatableArray<MatchField> Fields
    {
        get
        {
            var fields = new MatchField[Count];
            var i = 0;
            foreach (var f in this)
                fields[i++] = f;
            return fields;
        }
    }

    /// <summary>A match on <paramref name="fields"/> (in any order; a field given twice keeps the last value).</summary>
    public static Match Of(params ReadOnlySpan<MatchField> fields)
    {
        // Runs for every planned flow: place each field by its kind (no sorting, no allocation for FedNet's own matches).
        Span<ulong> values = stackalloc ulong[KindCount];
        Span<ulong> masks = stackalloc ulong[KindCount];
        ushort present = 0;
        ushort masked = 0;
        foreach (var f in fields)
        {
            var kind = (int)f.Field;
            if ((uint)kind >= KindCount)
                throw new ArgumentOutOfRangeException(nameof(fields), f.Field, "not a match field FedNet knows");
            var bit = (ushort)(1 << kind);
            present |= bit;
            values[kind] = f.Value;
            if (f.Mask is { } m)
            {
                masked |= bit;
                masks[kind] = m;
            }
            else
            {
                masked &= (ushort)~bit;
            }
        }
        var count = BitOperations.PopCount(present);
        var extraCount = Math.Max(0, count - InlineFields) + BitOperations.PopCount(masked);
        var extra = extraCount == 0 ? null : new ulong[extraCount];
        var inline = default(InlineValues);
        var at = 0;
        for (var bits = (uint)present; bits != 0; bits &= bits - 1)
        {
            var kind = BitOperations.TrailingZeroCount(bits);
            if (at < InlineFields)
                inline[at] = values[kind];
            else
                extra![at - InlineFields] = values[kind];
            at++;
        }
        var maskAt = Math.Max(0, count - InlineFields);
        for (var bits = (uint)masked; bits != 0; bits &= bits - 1)
            extra![maskAt++] = masks[BitOperations.TrailingZeroCount(bits)];
        return new Match(inline, present, masked, extra);
    }

    /// <summary>The field of kind <paramref name="field"/>, if matched.</summary>
    public MatchField? Get(FieldKind field)
    {
        var bit = 1 << (int)field;
        if ((uint)field >= KindCount || (_present & bit) == 0)
            return null;
        return At(BitOperations.PopCount((uint)(_present & (bit - 1))), (int)field);
    }

    /// <summary>The fields in canonical order, without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <inheritdoc/>
    public bool Equals(Match other)
    {
        if (_present != other._present || _masked != other._masked)
            return false;
        var inline = Math.Min(Count, InlineFields);
        for (var i = 0; i < inline; i++)
        {
            if (_values[i] != other._values[i])
                return false;
        }
        return _extra is null ? other._extra is null : other._extra is not null && _extra.AsSpan().SequenceEqual(other._extra);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Match other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_present);
        hash.Add(_masked);
        var inline = Math.Min(Count, InlineFields);
        for (var i = 0; i < inline; i++)
            hash.Add(_values[i]);
        return hash.ToHashCode();
    }

    /// <summary>Equal fields.</summary>
    public static bool operator ==(Match left, Match right) => left.Equals(right);

    /// <summary>Different fields.</summary>
    public static bool operator !=(Match left, Match right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => _present == 0 ? "any" : string.Join(",", Fields);

    private const int KindCount = (int)FieldKind.ArpTha + 1;

    /// <summary>The <paramref name="index"/>-th present field, of kind <paramref name="kind"/>.</summary>
    private MatchField At(int index, int kind)
    {
        var value = index < InlineFields ? _values[index] : _extra![index - InlineFields];
        var bit = 1 << kind;
        if ((_masked & bit) == 0)
            return new MatchField((FieldKind)kind, value);
        var maskIndex = Math.Max(0, Count - InlineFields) + BitOperations.PopCount((uint)(_masked & (bit - 1)));
        return new MatchField((FieldKind)kind, value, _extra![maskIndex]);
    }

    /// <summary>Enumerates a match's fields in canonical order.</summary>
    public struct Enumerator
    {
        private readonly Match _match;
        private uint _bits;
        private int _index;

        internal Enumerator(Match match)
        {
            _match = match;
            _bits = match._present;
            _index = -1;
            Current = default;
        }

        /// <summary>The current field.</summary>
        public MatchField Current { get; private set; }

        /// <summary>Moves to the next field.</summary>
        public bool MoveNext()
        {
            if (_bits == 0)
                return false;
            var kind = BitOperations.TrailingZeroCount(_bits);
            _bits &= _bits - 1;
            Current = _match.At(++_index, kind);
            return true;
        }
    }

    [InlineArray(InlineFields)]
    private struct InlineValues
    {
        private ulong _element;
    }
}

/// <summary>Shorthands for match fields.</summary>
public static class M
{
    /// <summary>in_port.</summary>
    public static MatchField InPort(uint port) => new(FieldKind.InPort, port);
    /// <summary>reg0.</summary>
    public static MatchField Reg0(uint value) => new(FieldKind.Reg0, value);
    /// <summary>tun_id.</summary>
    public static MatchField TunnelId(ulong key) => new(FieldKind.TunnelId, key);
    /// <summary>eth_dst.</summary>
    public static MatchField EthDst(ulong mac) => new(FieldKind.EthDst, mac);
    /// <summary>eth_dst with the group bit (broadcast and multicast).</summary>
    public static MatchField EthDstMulticast() => new(FieldKind.EthDst, 0x0100_0000_0000, 0x0100_0000_0000);
    /// <summary>eth_src.</summary>
    public static MatchField EthSrc(ulong mac) => new(FieldKind.EthSrc, mac);
    /// <summary>eth_type.</summary>
    public static MatchField EthType(ushort type) => new(FieldKind.EthType, type);
    /// <summary>vlan_vid = <paramref name="vid"/> with OFPVID_PRESENT.</summary>
    public static MatchField Vlan(int vid) => new(FieldKind.VlanVid, (ulong)(vid | State.Vlan.Present));
    /// <summary>Untagged frames only (vlan_vid=0, OFPVID_NONE).</summary>
    public static MatchField NoVlan() => new(FieldKind.VlanVid, 0);
    /// <summary>Any tagged frame (vlan_vid=0x1000/0x1000).</summary>
    public static MatchField AnyVlan() => new(FieldKind.VlanVid, State.Vlan.Present, State.Vlan.Present);
    /// <summary>arp_op.</summary>
    public static MatchField ArpOp(ushort op) => new(FieldKind.ArpOp, op);
    /// <summary>arp_tpa.</summary>
    public static MatchField ArpTpa(uint ip) => new(FieldKind.ArpTpa, ip);
}
