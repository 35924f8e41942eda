using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>Decodes action lists (spec 1.3.5 A.2.5) into typed actions, keeping anything unknown opaque.</summary>
internal static class ActionCodec
{
    public static void EncodeList(OfpWriter w, EquatableArray<OfpAction> actions)
    {
        foreach (var a in actions)
            a.Encode(w);
    }

    /// <summary>Decodes actions until <paramref name="r"/> is exhausted.</summary>
    public static EquatableArray<OfpAction> DecodeList(ref OfpReader r)
    {
        // struct ofp_action_header: len is the u16 at offset 2, at least 8.
        return ListDecoder.Decode(ref r, r.CountTlvs(2, 2, 0, 8), Decode);
    }

    // struct ofp_action_header { uint16_t type; uint16_t len; } (spec 1.3.5 A.2.5)
    public static OfpAction Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(2), 8, aligned: true, "action");
        var start = r.Offset;
        var type = r.U16();
        r.U16();
        var b = r.Sub(length - 4, "action");
        OfpAction action = (OfpActionType)type switch
        {
            OfpActionType.Output when length == 16 => Output(ref b),
            OfpActionType.CopyTtlOut or OfpActionType.CopyTtlIn or OfpActionType.DecMplsTtl or OfpActionType.PopVlan
                or OfpActionType.DecNwTtl or OfpActionType.PopPbb when length == 8 => Simple((OfpActionType)type, ref b),
            OfpActionType.PushVlan or OfpActionType.PushMpls or OfpActionType.PopMpls or OfpActionType.PushPbb when length == 8 =>
                EtherType((OfpActionType)type, ref b),
            OfpActionType.SetMplsTtl or OfpActionType.SetNwTtl when length == 8 => Ttl((OfpActionType)type, ref b),
            OfpActionType.SetQueue when length == 8 => new SetQueueAction(b.U32()),
            OfpActionType.Group when length == 8 => new GroupAction(b.U32()),
            OfpActionType.SetField => SetField(ref b, length),
            OfpActionType.Experimenter => Experimenter(ref b),
            OfpActionType.Output or OfpActionType.CopyTtlOut or OfpActionType.CopyTtlIn or OfpActionType.DecMplsTtl
                or OfpActionType.PopVlan or OfpActionType.DecNwTtl or OfpActionType.PopPbb or OfpActionType.PushVlan
                or OfpActionType.PushMpls or OfpActionType.PopMpls or OfpActionType.PushPbb or OfpActionType.SetMplsTtl
                or OfpActionType.SetNwTtl or OfpActionType.SetQueue or OfpActionType.Group =>
                throw new OpenFlowProtocolException($"action {(OfpActionType)type} has length {length}", start + 2),
            _ => new UnknownAction(type, b.RestArray()),
        };
        // Fixed-size actions end in padding; anything after the known fields must be that padding.
        if (!b.IsEmpty)
            b.Pad(b.Remaining);
        return action;
    }

    private static OutputAction Output(ref OfpReader b)
    {
        var a = new OutputAction(b.U32(), b.U16());
        b.Pad(6);
        return a;
    }

    private static SimpleAction Simple(OfpActionType type, ref OfpReader b)
    {
        b.Pad(4);
        return new SimpleAction(type);
    }

    private static EtherTypeAction EtherType(OfpActionType type, ref OfpReader b)
    {
        var a = new EtherTypeAction(type, b.U16());
        b.Pad(2);
        return a;
    }

    private static TtlAction Ttl(OfpActionType type, ref OfpReader b)
    {
        var a = new TtlAction(type, b.U8());
        b.Pad(3);
        return a;
    }

    private static SetFieldAction SetField(ref OfpReader b, int length)
    {
        var oxm = Oxm.Decode(ref b);
        // The action is the OXM plus the least padding that reaches 8 bytes (spec A.2.5).
        var expected = Align.Align8(4 + oxm.WireLength);
        if (expected != length)
            throw b.Error($"set_field of length {length} should be {expected} for its {oxm.WireLength}-byte OXM (misaligned padding)");
        b.Pad(b.Remaining);
        return new SetFieldAction(oxm);
    }

    private static OfpAction Experimenter(ref OfpReader b)
    {
        var experimenter = b.U32();
        var data = b.Bytes(b.Remaining);
        if (experimenter == NiciraAction.NiciraVendorId && NiciraDecoder.TryDecode(data, out var nx))
            return nx;
        return new ExperimenterAction(experimenter, data.ToArray());
    }
}
