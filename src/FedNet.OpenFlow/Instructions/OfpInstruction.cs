using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>Instruction types (<c>enum ofp_instruction_type</c>, spec 1.3.5 A.2.4).</summary>
public enum OfpInstructionType : ushort
{
    GotoTable = 1,
    WriteMetadata = 2,
    WriteActions = 3,
    ApplyActions = 4,
    ClearActions = 5,
    Meter = 6,
    Experimenter = 0xffff,
}

/// <summary>
/// One instruction of a flow entry (spec 1.3.5 A.2.4: <c>struct ofp_instruction { uint16_t type; uint16_t len; }</c>,
/// len a multiple of 8). Build them with <see cref="Instructions"/>.
/// </summary>
public abstract record OfpInstruction
{
    private protected OfpInstruction()
    {
    }

    /// <summary>The <c>type</c> on the wire.</summary>
    public abstract OfpInstructionType InstructionType { get; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16((ushort)InstructionType);
        w.U16(0);
        EncodeBody(w);
        w.PadTo8(start);
        w.PatchU16(start + 2, w.Position - start);
    }

    private protected abstract void EncodeBody(OfpWriter w);
}

/// <summary>OFPIT_GOTO_TABLE: <c>{ type; len; uint8_t table_id; uint8_t pad[3]; }</c>.</summary>
public sealed record GotoTableInstruction(byte TableId) : OfpInstruction
{
    public override OfpInstructionType InstructionType => OfpInstructionType.GotoTable;

    private protected override void EncodeBody(OfpWriter w) => w.U8(TableId);
}

/// <summary>OFPIT_WRITE_METADATA: <c>{ type; len; uint8_t pad[4]; uint64_t metadata; uint64_t metadata_mask; }</c>.</summary>
public sealed record WriteMetadataInstruction(ulong Metadata, ulong Mask = ulong.MaxValue) : OfpInstruction
{
    public override OfpInstructionType InstructionType => OfpInstructionType.WriteMetadata;

    private protected override void EncodeBody(OfpWriter w)
    {
        w.Zeros(4);
        w.U64(Metadata);
        w.U64(Mask);
    }
}

/// <summary>OFPIT_WRITE_ACTIONS / OFPIT_APPLY_ACTIONS: <c>struct ofp_instruction_actions { type; len; uint8_t pad[4]; actions[]; }</c>.</summary>
public sealed record ActionsInstruction(OfpInstructionType Kind, EquatableArray<OfpAction> Actions) : OfpInstruction
{
    public override OfpInstructionType InstructionType => Kind;

    private protected override void EncodeBody(OfpWriter w)
    {
        w.Zeros(4);
        ActionCodec.EncodeList(w, Actions);
    }
}

/// <summary>OFPIT_CLEAR_ACTIONS: <c>{ type; len; uint8_t pad[4]; }</c>.</summary>
public sealed record ClearActionsInstruction : OfpInstruction
{
    public override OfpInstructionType InstructionType => OfpInstructionType.ClearActions;

    private protected override void EncodeBody(OfpWriter w) => w.Zeros(4);
}

/// <summary>OFPIT_METER: <c>struct ofp_instruction_meter { type; len; uint32_t meter_id; }</c>.</summary>
public sealed record MeterInstruction(uint MeterId) : OfpInstruction
{
    public override OfpInstructionType InstructionType => OfpInstructionType.Meter;

    private protected override void EncodeBody(OfpWriter w) => w.U32(MeterId);
}

/// <summary>OFPIT_EXPERIMENTER: <c>{ type; len; uint32_t experimenter; data[] }</c>, kept opaque.</summary>
public sealed record ExperimenterInstruction(uint Experimenter, EquatableArray<byte> Data) : OfpInstruction
{
    public override OfpInstructionType InstructionType => OfpInstructionType.Experimenter;

    private protected override void EncodeBody(OfpWriter w)
    {
        w.U32(Experimenter);
        w.Bytes(Data.AsSpan());
    }
}

/// <summary>An instruction type OpenFlow 1.3 does not define, kept as its body after the 4-byte header.</summary>
public sealed record UnknownInstruction(ushort Code, EquatableArray<byte> Data) : OfpInstruction
{
    public override OfpInstructionType InstructionType => (OfpInstructionType)Code;

    private protected override void EncodeBody(OfpWriter w) => w.Bytes(Data.AsSpan());
}

/// <summary>Builders for instructions.</summary>
public static class Instructions
{
    /// <summary>Apply <paramref name="actions"/> now, in order.</summary>
    public static ActionsInstruction Apply(params OfpAction[] actions) => new(OfpInstructionType.ApplyActions, actions);

    /// <summary>Merge <paramref name="actions"/> into the action set.</summary>
    public static ActionsInstruction Write(params OfpAction[] actions) => new(OfpInstructionType.WriteActions, actions);

    public static ClearActionsInstruction Clear() => new();

    public static GotoTableInstruction GotoTable(byte tableId) => new(tableId);

    public static WriteMetadataInstruction WriteMetadata(ulong metadata, ulong mask = ulong.MaxValue) => new(metadata, mask);

    public static MeterInstruction Meter(uint meterId) => new(meterId);
}

/// <summary>Decodes instruction lists (spec 1.3.5 A.2.4).</summary>
internal static class InstructionCodec
{
    public static void EncodeList(OfpWriter w, EquatableArray<OfpInstruction> instructions)
    {
        foreach (var i in instructions)
            i.Encode(w);
    }

    public static EquatableArray<OfpInstruction> DecodeList(ref OfpReader r)
    {
        // struct ofp_instruction: len is the u16 at offset 2, at least 8.
        return ListDecoder.Decode(ref r, r.CountTlvs(2, 2, 0, 8), Decode);
    }

    private static OfpInstruction Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(2), 8, aligned: true, "instruction");
        var start = r.Offset;
        var type = r.U16();
        r.U16();
        var b = r.Sub(length - 4, "instruction");
        OfpInstruction result = (OfpInstructionType)type switch
        {
            OfpInstructionType.GotoTable when length == 8 => GotoTable(ref b),
            OfpInstructionType.WriteMetadata when length == 24 => WriteMetadata(ref b),
            OfpInstructionType.WriteActions or OfpInstructionType.ApplyActions => ActionsOf((OfpInstructionType)type, ref b),
            OfpInstructionType.ClearActions when length == 8 => Clear(ref b),
            OfpInstructionType.Meter when length == 8 => new MeterInstruction(b.U32()),
            OfpInstructionType.Experimenter => new ExperimenterInstruction(b.U32(), b.RestArray()),
            OfpInstructionType.GotoTable or OfpInstructionType.WriteMetadata or OfpInstructionType.ClearActions or OfpInstructionType.Meter =>
                throw new OpenFlowProtocolException($"instruction {(OfpInstructionType)type} has length {length}", start + 2),
            _ => new UnknownInstruction(type, b.RestArray()),
        };
        b.ExpectEnd("instruction");
        return result;
    }

    private static GotoTableInstruction GotoTable(ref OfpReader b)
    {
        var i = new GotoTableInstruction(b.U8());
        b.Pad(3);
        return i;
    }

    private static WriteMetadataInstruction WriteMetadata(ref OfpReader b)
    {
        b.Pad(4);
        return new WriteMetadataInstruction(b.U64(), b.U64());
    }

    private static ActionsInstruction ActionsOf(OfpInstructionType type, ref OfpReader b)
    {
        b.Pad(4);
        return new ActionsInstruction(type, ActionCodec.DecodeList(ref b));
    }

    private static ClearActionsInstruction Clear(ref OfpReader b)
    {
        b.Pad(4);
        return new ClearActionsInstruction();
    }
}
