using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_flow_mod_command</c> (spec 1.3.5 A.3.4.1).</summary>
public enum OfpFlowModCommand : byte
{
    Add = 0,
    Modify = 1,
    ModifyStrict = 2,
    Delete = 3,
    DeleteStrict = 4,
}

/// <summary><c>enum ofp_flow_mod_flags</c> (spec 1.3.5 A.3.4.1).</summary>
[Flags]
public enum OfpFlowModFlags : ushort
{
    None = 0,
    SendFlowRemoved = 1 << 0,
    CheckOverlap = 1 << 1,
    ResetCounts = 1 << 2,
    NoPacketCounts = 1 << 3,
    NoByteCounts = 1 << 4,
}

/// <summary>
/// OFPT_FLOW_MOD (spec 1.3.5 A.3.4.1): <c>struct ofp_flow_mod { ofp_header; uint64_t cookie; uint64_t cookie_mask;
/// uint8_t table_id; uint8_t command; uint16_t idle_timeout; uint16_t hard_timeout; uint16_t priority;
/// uint32_t buffer_id; uint32_t out_port; uint32_t out_group; uint16_t flags; uint8_t pad[2]; ofp_match match;
/// ofp_instruction instructions[]; }</c>.
/// </summary>
public sealed record FlowMod : OfpMessage
{
    /// <summary>OFP_NO_BUFFER.</summary>
    public const uint NoBuffer = 0xffffffff;

    /// <summary>OFPG_ANY.</summary>
    public const uint AnyGroup = 0xffffffff;

    public override OfpType Type => OfpType.FlowMod;

    /// <summary>Opaque controller-issued id; FedNet uses it to name a flow's owner.</summary>
    public ulong Cookie { get; init; }

    /// <summary>For modify/delete: which cookie bits must match (0 = ignore cookies).</summary>
    public ulong CookieMask { get; init; }

    /// <summary>Table to put the flow in (0xff = all tables, for delete).</summary>
    public byte TableId { get; init; }

    public OfpFlowModCommand Command { get; init; } = OfpFlowModCommand.Add;

    /// <summary>Seconds idle before expiry (0 = never).</summary>
    public ushort IdleTimeout { get; init; }

    /// <summary>Seconds before expiry (0 = never).</summary>
    public ushort HardTimeout { get; init; }

    public ushort Priority { get; init; } = 0x8000;

    /// <summary>Buffered packet to apply to, or <see cref="NoBuffer"/>.</summary>
    public uint BufferId { get; init; } = NoBuffer;

    /// <summary>For delete: only flows that output to this port (<see cref="OfpPortNo.Any"/> = any).</summary>
    public uint OutPort { get; init; } = OfpPortNo.Any;

    /// <summary>For delete: only flows that output to this group (<see cref="AnyGroup"/> = any).</summary>
    public uint OutGroup { get; init; } = AnyGroup;

    public OfpFlowModFlags Flags { get; init; }

    public Match Match { get; init; } = Match.Any;

    public EquatableArray<OfpInstruction> Instructions { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U64(Cookie);
        writer.U64(CookieMask);
        writer.U8(TableId);
        writer.U8((byte)Command);
        writer.U16(IdleTimeout);
        writer.U16(HardTimeout);
        writer.U16(Priority);
        writer.U32(BufferId);
        writer.U32(OutPort);
        writer.U32(OutGroup);
        writer.U16((ushort)Flags);
        writer.Zeros(2);
        Match.Encode(writer);
        InstructionCodec.EncodeList(writer, Instructions);
    }

    internal static FlowMod Decode(ref OfpReader r)
    {
        var cookie = r.U64();
        var cookieMask = r.U64();
        var table = r.U8();
        var command = (OfpFlowModCommand)r.U8();
        var idle = r.U16();
        var hard = r.U16();
        var priority = r.U16();
        var buffer = r.U32();
        var outPort = r.U32();
        var outGroup = r.U32();
        var flags = (OfpFlowModFlags)r.U16();
        r.Pad(2);
        var match = Match.Decode(ref r);
        var instructions = InstructionCodec.DecodeList(ref r);
        return new FlowMod
        {
            Cookie = cookie,
            CookieMask = cookieMask,
            TableId = table,
            Command = command,
            IdleTimeout = idle,
            HardTimeout = hard,
            Priority = priority,
            BufferId = buffer,
            OutPort = outPort,
            OutGroup = outGroup,
            Flags = flags,
            Match = match,
            Instructions = instructions,
        };
    }
}
