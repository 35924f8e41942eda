using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// OFPT_PACKET_OUT (spec 1.3.5 A.3.7): <c>struct ofp_packet_out { ofp_header; uint32_t buffer_id; uint32_t in_port;
/// uint16_t actions_len; uint8_t pad[6]; ofp_action_header actions[]; uint8_t data[]; }</c>.
/// </summary>
public sealed record PacketOut : OfpMessage
{
    public override OfpType Type => OfpType.PacketOut;

    /// <summary>A buffered packet to send, or OFP_NO_BUFFER (0xffffffff) to send <see cref="Data"/>.</summary>
    public uint BufferId { get; init; } = FlowMod.NoBuffer;

    /// <summary>The packet's ingress port for the pipeline (OFPP_CONTROLLER when it has none).</summary>
    public uint InPort { get; init; } = OfpPortNo.Controller;

    public EquatableArray<OfpAction> Actions { get; init; }

    /// <summary>The frame to send when <see cref="BufferId"/> is OFP_NO_BUFFER.</summary>
    public EquatableArray<byte> Data { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U32(BufferId);
        writer.U32(InPort);
        var lengthAt = writer.Position;
        writer.U16(0);
        writer.Zeros(6);
        var start = writer.Position;
        ActionCodec.EncodeList(writer, Actions);
        writer.PatchU16(lengthAt, writer.Position - start);
        writer.Bytes(Data.AsSpan());
    }

    internal static PacketOut Decode(ref OfpReader r)
    {
        var buffer = r.U32();
        var inPort = r.U32();
        var actionsLength = r.U16();
        r.Pad(6);
        var actionReader = r.Sub(actionsLength, "packet-out actions");
        var actions = ActionCodec.DecodeList(ref actionReader);
        return new PacketOut { BufferId = buffer, InPort = inPort, Actions = actions, Data = r.RestArray() };
    }
}
