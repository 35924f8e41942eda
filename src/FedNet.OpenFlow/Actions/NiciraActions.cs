using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// A Nicira extension action: <c>struct nx_action_header { ovs_be16 type = 0xffff; ovs_be16 len; ovs_be32 vendor =
/// 0x00002320; ovs_be16 subtype; ... }</c> (OVS <c>lib/ofp-actions.c</c>).
/// </summary>
public abstract record NiciraAction : OfpAction
{
    /// <summary>NX_VENDOR_ID.</summary>
    public const uint NiciraVendorId = 0x00002320;

    private protected NiciraAction()
    {
    }

    public override OfpActionType ActionType => OfpActionType.Experimenter;

    /// <summary>The NXAST_* subtype.</summary>
    public abstract ushort Subtype { get; }

    internal sealed override void Encode(OfpWriter w)
    {
        var s = Begin(w, (ushort)OfpActionType.Experimenter);
        w.U32(NiciraVendorId);
        w.U16(Subtype);
        EncodeBody(w);
        End(w, s);
    }

    private protected abstract void EncodeBody(OfpWriter w);
}

/// <summary>
/// NXAST_REG_LOAD (7): load <see cref="Value"/> into bits [Offset, Offset+Bits) of <see cref="Destination"/>.
/// <c>struct nx_action_reg_load { ...; ovs_be16 ofs_nbits; ovs_be32 dst; ovs_be64 value; }</c> (24 bytes).
/// </summary>
public sealed record NxRegLoadAction(OxmField Destination, int Offset, int Bits, ulong Value) : NiciraAction
{
    public override ushort Subtype => 7;

    private protected override void EncodeBody(OfpWriter w)
    {
        if (Bits is < 1 or > 64 || Offset is < 0 or > 1023)
            throw new ArgumentException($"reg_load of {Bits} bits at offset {Offset} is out of range");
        w.U16((ushort)(Offset << 6 | (Bits - 1)));
        w.U32(Destination.Header());
        w.U64(Value);
    }
}

/// <summary>
/// NXAST_REG_MOVE (6): copy <see cref="Bits"/> bits from <see cref="Source"/>[SourceOffset..] to
/// <see cref="Destination"/>[DestinationOffset..]. <c>struct nx_action_reg_move { ...; ovs_be16 n_bits; ovs_be16 src_ofs;
/// ovs_be16 dst_ofs; ovs_be32 src; ovs_be32 dst; }</c> (24 bytes). ARP responders swap eth/arp addresses with it.
/// </summary>
public sealed record NxRegMoveAction(OxmField Source, OxmField Destination, int Bits, int SourceOffset = 0, int DestinationOffset = 0)
    : NiciraAction
{
    public override ushort Subtype => 6;

    private protected override void EncodeBody(OfpWriter w)
    {
        w.U16(checked((ushort)Bits));
        w.U16(checked((ushort)SourceOffset));
        w.U16(checked((ushort)DestinationOffset));
        w.U32(Source.Header());
        w.U32(Destination.Header());
    }
}

/// <summary>
/// NXAST_RESUBMIT (1) when <see cref="Table"/> is null, else NXAST_RESUBMIT_TABLE (14): re-run the pipeline as if the
/// packet came from <see cref="InPort"/> (0xfff8 = the packet's own in_port) in table <see cref="Table"/> (255 = this table).
/// <c>struct nx_action_resubmit { ...; ovs_be16 in_port; uint8_t table; uint8_t pad[3]; }</c> (16 bytes).
/// </summary>
public sealed record NxResubmitAction(ushort InPort = NxResubmitAction.InPortUnchanged, byte? Table = null) : NiciraAction
{
    /// <summary>OFPP_IN_PORT in 16-bit form: keep the packet's in_port.</summary>
    public const ushort InPortUnchanged = 0xfff8;

    public override ushort Subtype => Table is null ? (ushort)1 : (ushort)14;

    private protected override void EncodeBody(OfpWriter w)
    {
        w.U16(InPort);
        w.U8(Table ?? 0);
    }
}

/// <summary>
/// NXAST_NOTE (8): opaque bytes kept with the flow (OVS shows them in dump-flows); FedNet can tag flows with them.
/// <c>struct nx_action_note { ...; uint8_t note[]; }</c>; <see cref="Note"/> holds every byte after the subtype,
/// including the zero padding to 8.
/// </summary>
public sealed record NxNoteAction(EquatableArray<byte> Note) : NiciraAction
{
    public override ushort Subtype => 8;

    /// <summary>The note without trailing zero padding.</summary>
    public ReadOnlySpan<byte> Text => Note.AsSpan().TrimEnd((byte)0);

    private protected override void EncodeBody(OfpWriter w) => w.Bytes(Note.AsSpan());
}
