using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>OFPAT_OUTPUT: <c>struct ofp_action_output { type; len; uint32_t port; uint16_t max_len; uint8_t pad[6]; }</c>.</summary>
/// <param name="Port">Output port or a reserved port (<see cref="OfpPortNo"/>).</param>
/// <param name="MaxLength">Bytes sent to the controller when <paramref name="Port"/> is the controller (0xffff = OFPCML_NO_BUFFER).</param>
public sealed record OutputAction(uint Port, ushort MaxLength = 0xffff) : OfpAction
{
    public override OfpActionType ActionType => OfpActionType.Output;

    internal override void Encode(OfpWriter w)
    {
        var s = Begin(w, (ushort)ActionType);
        w.U32(Port);
        w.U16(MaxLength);
        End(w, s);
    }
}

/// <summary>An action that is only a header plus 4 bytes of padding (copy/dec TTL, pop VLAN/PBB).</summary>
public sealed record SimpleAction(OfpActionType Kind) : OfpAction
{
    public override OfpActionType ActionType => Kind;

    internal override void Encode(OfpWriter w) => End(w, Begin(w, (ushort)Kind));
}

/// <summary>An action carrying one ethertype: push VLAN/MPLS/PBB, pop MPLS (<c>struct ofp_action_push</c>, <c>ofp_action_pop_mpls</c>).</summary>
public sealed record EtherTypeAction(OfpActionType Kind, ushort EtherType) : OfpAction
{
    public override OfpActionType ActionType => Kind;

    internal override void Encode(OfpWriter w)
    {
        var s = Begin(w, (ushort)Kind);
        w.U16(EtherType);
        End(w, s);
    }
}

/// <summary>An action setting a TTL: set MPLS TTL, set NW TTL (<c>struct ofp_action_mpls_ttl</c>, <c>ofp_action_nw_ttl</c>).</summary>
public sealed record TtlAction(OfpActionType Kind, byte Ttl) : OfpAction
{
    public override OfpActionType ActionType => Kind;

    internal override void Encode(OfpWriter w)
    {
        var s = Begin(w, (ushort)Kind);
        w.U8(Ttl);
        End(w, s);
    }
}

/// <summary>OFPAT_SET_QUEUE: <c>struct ofp_action_set_queue { type; len; uint32_t queue_id; }</c>.</summary>
public sealed record SetQueueAction(uint QueueId) : OfpAction
{
    public override OfpActionType ActionType => OfpActionType.SetQueue;

    internal override void Encode(OfpWriter w)
    {
        var s = Begin(w, (ushort)ActionType);
        w.U32(QueueId);
        End(w, s);
    }
}

/// <summary>OFPAT_GROUP: <c>struct ofp_action_group { type; len; uint32_t group_id; }</c>.</summary>
public sealed record GroupAction(uint GroupId) : OfpAction
{
    public override OfpActionType ActionType => OfpActionType.Group;

    internal override void Encode(OfpWriter w)
    {
        var s = Begin(w, (ushort)ActionType);
        w.U32(GroupId);
        End(w, s);
    }
}

/// <summary>
/// OFPAT_SET_FIELD: <c>struct ofp_action_set_field { type; len; uint8_t field[]; pad to 8 }</c> (spec 1.3.5 A.2.5).
/// A vlan_vid value must include OFPVID_PRESENT (0x1000).
/// </summary>
public sealed record SetFieldAction(Oxm Field) : OfpAction
{
    public override OfpActionType ActionType => OfpActionType.SetField;

    internal override void Encode(OfpWriter w)
    {
        var s = Begin(w, (ushort)ActionType);
        Field.Encode(w);
        End(w, s);
    }
}

/// <summary>
/// OFPAT_EXPERIMENTER not understood by this library: <c>struct ofp_action_experimenter_header { type; len;
/// uint32_t experimenter; }</c> plus <see cref="Data"/> (everything after the experimenter id, padding included).
/// </summary>
public sealed record ExperimenterAction(uint Experimenter, EquatableArray<byte> Data) : OfpAction
{
    public override OfpActionType ActionType => OfpActionType.Experimenter;

    internal override void Encode(OfpWriter w)
    {
        var s = Begin(w, (ushort)ActionType);
        w.U32(Experimenter);
        w.Bytes(Data.AsSpan());
        End(w, s);
    }
}

/// <summary>An action type OpenFlow 1.3 does not define, kept as its body after the 4-byte header.</summary>
public sealed record UnknownAction(ushort Code, EquatableArray<byte> Data) : OfpAction
{
    public override OfpActionType ActionType => (OfpActionType)Code;

    internal override void Encode(OfpWriter w)
    {
        var s = Begin(w, Code);
        w.Bytes(Data.AsSpan());
        End(w, s);
    }
}
