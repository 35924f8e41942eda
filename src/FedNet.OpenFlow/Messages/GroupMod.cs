using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_group_mod_command</c> (spec 1.3.5 A.3.4.2).</summary>
public enum OfpGroupModCommand : ushort
{
    Add = 0,
    Modify = 1,
    Delete = 2,
}

/// <summary><c>enum ofp_group_type</c> (spec 1.3.5 A.3.4.2).</summary>
public enum OfpGroupType : byte
{
    All = 0,
    Select = 1,
    Indirect = 2,
    FastFailover = 3,
}

/// <summary>
/// A group bucket (spec 1.3.5 A.3.4.2): <c>struct ofp_bucket { uint16_t len; uint16_t weight; uint32_t watch_port;
/// uint32_t watch_group; uint8_t pad[4]; ofp_action_header actions[]; }</c>.
/// </summary>
public sealed record Bucket
{
    public ushort Weight { get; init; }
    public uint WatchPort { get; init; } = OfpPortNo.Any;
    public uint WatchGroup { get; init; } = FlowMod.AnyGroup;
    public EquatableArray<OfpAction> Actions { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(0);
        w.U16(Weight);
        w.U32(WatchPort);
        w.U32(WatchGroup);
        w.Zeros(4);
        ActionCodec.EncodeList(w, Actions);
        w.PatchU16(start, w.Position - start);
    }

    internal static EquatableArray<Bucket> DecodeList(ref OfpReader r)
    {
        var list = new List<Bucket>();
        while (!r.IsEmpty)
        {
            var length = r.CheckTlvLength(r.PeekU16(), 16, aligned: true, "bucket");
            var b = r.Sub(length, "bucket");
            b.U16();
            var bucket = new Bucket { Weight = b.U16(), WatchPort = b.U32(), WatchGroup = b.U32() };
            b.Pad(4);
            list.Add(bucket with { Actions = ActionCodec.DecodeList(ref b) });
        }
        return list.ToArray();
    }

    internal static void EncodeList(OfpWriter w, EquatableArray<Bucket> buckets)
    {
        foreach (var b in buckets)
            b.Encode(w);
    }
}

/// <summary>
/// OFPT_GROUP_MOD (spec 1.3.5 A.3.4.2): <c>struct ofp_group_mod { ofp_header; uint16_t command; uint8_t type;
/// uint8_t pad; uint32_t group_id; ofp_bucket buckets[]; }</c>.
/// </summary>
public sealed record GroupMod : OfpMessage
{
    public override OfpType Type => OfpType.GroupMod;
    public OfpGroupModCommand Command { get; init; }
    public OfpGroupType GroupType { get; init; }
    public uint GroupId { get; init; }
    public EquatableArray<Bucket> Buckets { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U16((ushort)Command);
        writer.U8((byte)GroupType);
        writer.Zeros(1);
        writer.U32(GroupId);
        Bucket.EncodeList(writer, Buckets);
    }

    internal static GroupMod Decode(ref OfpReader r)
    {
        var command = (OfpGroupModCommand)r.U16();
        var type = (OfpGroupType)r.U8();
        r.Pad(1);
        var id = r.U32();
        return new GroupMod { Command = command, GroupType = type, GroupId = id, Buckets = Bucket.DecodeList(ref r) };
    }
}
