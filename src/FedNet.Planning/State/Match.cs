using System.Runtime.InteropServices;

namespace FedNet.Planning.State;

/// <summary>
/// An OpenFlow match: a set of fields kept in the canonical order of <see cref="FieldKind"/>, so two matches with the
/// same fields are equal whatever order they were written in. <c>default</c> is <see cref="Any"/>.
/// </summary>
/// <remarks>
/// A struct over its field array rather than an object holding one: a plan holds millions of matches, and an object per
/// match was a sixth of the objects the garbage collector had to trace (docs/benchmarks.md, Planner).
/// </remarks>
public readonly record struct Match
{
    /// <summary>Matches every packet.</summary>
    public static Match Any => default;

    private Match(EquatableArray<MatchField> fields) => Fields = fields;

    /// <summary>The fields, one per <see cref="FieldKind"/>, in canonical order.</summary>
    public EquatableArray<MatchField> Fields { get; }

    /// <summary>A match on <paramref name="fields"/> (sorted; a field given twice keeps the last value).</summary>
    public static Match Of(params ReadOnlySpan<MatchField> fields)
    {
        // Insertion sort by field kind: matches have a handful of fields, and this runs for every planned flow.
        var items = new MatchField[fields.Length];
        var count = 0;
        foreach (var f in fields)
        {
            var at = count;
            while (at > 0 && items[at - 1].Field > f.Field)
                at--;
            if (at > 0 && items[at - 1].Field == f.Field)
            {
                items[at - 1] = f;
                continue;
            }
            Array.Copy(items, at, items, at + 1, count - at);
            items[at] = f;
            count++;
        }
        if (count != items.Length)
            Array.Resize(ref items, count);
        return new(new EquatableArray<MatchField>(ImmutableCollectionsMarshal.AsImmutableArray(items)));
    }

    /// <summary>The field of kind <paramref name="field"/>, if matched.</summary>
    public MatchField? Get(FieldKind field)
    {
        foreach (var f in Fields)
        {
            if (f.Field == field)
                return f;
        }
        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => Fields.Count == 0 ? "any" : string.Join(",", Fields);
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
