using System.Net.NetworkInformation;

namespace FedNet.OpenFlow;

/// <summary>Builders for the standard OpenFlow 1.3 actions.</summary>
public static class Actions
{
    /// <summary>Output to <paramref name="port"/> (a port number or an <see cref="OfpPortNo"/> constant).</summary>
    public static OutputAction Output(uint port, ushort maxLength = 0xffff) => new(port, maxLength);

    /// <summary>Send to the controller, with up to <paramref name="maxLength"/> bytes (0xffff: the whole packet).</summary>
    public static OutputAction ToController(ushort maxLength = 0xffff) => new(OfpPortNo.Controller, maxLength);

    /// <summary>Set an integer field, e.g. <c>SetField(OxmField.VlanVid, 0x1000 | 100)</c>.</summary>
    public static SetFieldAction SetField(OxmField field, ulong value) => new(Oxm.Of(field, value));

    /// <summary>Set a MAC field (eth_src, eth_dst, arp_sha, arp_tha).</summary>
    public static SetFieldAction SetField(OxmField field, PhysicalAddress mac) => new(Oxm.Of(field, Match.Mac(mac)));

    /// <summary>Rewrite the VLAN id; OFPVID_PRESENT is added for you.</summary>
    public static SetFieldAction SetVlanVid(ushort vid) => SetField(OxmField.VlanVid, (ulong)(OxmField.VlanPresent | (vid & 0xfff)));

    public static EtherTypeAction PushVlan(ushort etherType = 0x8100) => new(OfpActionType.PushVlan, etherType);

    public static SimpleAction PopVlan() => new(OfpActionType.PopVlan);

    public static EtherTypeAction PushMpls(ushort etherType = 0x8847) => new(OfpActionType.PushMpls, etherType);

    public static EtherTypeAction PopMpls(ushort etherType) => new(OfpActionType.PopMpls, etherType);

    public static EtherTypeAction PushPbb(ushort etherType = 0x88e7) => new(OfpActionType.PushPbb, etherType);

    public static SimpleAction PopPbb() => new(OfpActionType.PopPbb);

    public static SimpleAction CopyTtlOut() => new(OfpActionType.CopyTtlOut);

    public static SimpleAction CopyTtlIn() => new(OfpActionType.CopyTtlIn);

    public static SimpleAction DecMplsTtl() => new(OfpActionType.DecMplsTtl);

    public static SimpleAction DecNwTtl() => new(OfpActionType.DecNwTtl);

    public static TtlAction SetMplsTtl(byte ttl) => new(OfpActionType.SetMplsTtl, ttl);

    public static TtlAction SetNwTtl(byte ttl) => new(OfpActionType.SetNwTtl, ttl);

    public static SetQueueAction SetQueue(uint queueId) => new(queueId);

    public static GroupAction Group(uint groupId) => new(groupId);
}

/// <summary>Builders for the Nicira (Open vSwitch) extension actions FedNet uses.</summary>
public static class NiciraActions
{
    /// <summary>
    /// <c>move:src[srcOffset..]->dst[dstOffset..]</c>; <paramref name="bits"/> defaults to the smaller field's width.
    /// </summary>
    public static NxRegMoveAction Move(OxmField source, OxmField destination, int? bits = null, int sourceOffset = 0, int destinationOffset = 0) =>
        new(source, destination, bits ?? Math.Min(source.Bits, destination.Bits), sourceOffset, destinationOffset);

    /// <summary><c>load:value->dst[offset..offset+bits)</c>; <paramref name="bits"/> defaults to the field's width.</summary>
    public static NxRegLoadAction Load(OxmField destination, ulong value, int offset = 0, int? bits = null) =>
        new(destination, offset, bits ?? destination.Bits, value);

    /// <summary><c>resubmit(,table)</c>, keeping the packet's in_port.</summary>
    public static NxResubmitAction Resubmit(byte table) => new(NxResubmitAction.InPortUnchanged, table);

    /// <summary><c>resubmit:port</c> (NXAST_RESUBMIT, the current table).</summary>
    public static NxResubmitAction ResubmitPort(ushort inPort) => new(inPort);

    /// <summary><c>note:...</c> carrying <paramref name="bytes"/>, zero-padded to the action's 8-byte boundary.</summary>
    public static NxNoteAction Note(ReadOnlySpan<byte> bytes)
    {
        // 10 bytes of header+vendor+subtype precede the note; the action must end on 8 bytes and be at least 16.
        var total = Math.Max(16, Internal.Align.Align8(10 + bytes.Length));
        var note = new byte[total - 10];
        bytes.CopyTo(note);
        return new NxNoteAction(note);
    }

    /// <summary>A note holding ASCII text.</summary>
    public static NxNoteAction Note(string text) => Note(System.Text.Encoding.ASCII.GetBytes(text));
}
