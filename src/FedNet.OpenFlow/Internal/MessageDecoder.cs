namespace FedNet.OpenFlow.Internal;

/// <summary>Dispatches a validated frame's body to the decoder of its message type.</summary>
internal static class MessageDecoder
{
    public static OfpMessage DecodeBody(OfpHeader header, ref OfpReader r)
    {
        OfpMessage message = header.Type switch
        {
            OfpType.Hello => Hello.Decode(header.Version, ref r),
            OfpType.Error => ErrorMessage.Decode(ref r),
            OfpType.EchoRequest => EchoRequest.Decode(ref r),
            OfpType.EchoReply => EchoReply.Decode(ref r),
            OfpType.Experimenter => ExperimenterDecoder.Decode(ref r),
            OfpType.FeaturesRequest => Empty(new FeaturesRequest(), ref r),
            OfpType.FeaturesReply => FeaturesReply.Decode(ref r),
            OfpType.GetConfigRequest => Empty(new GetConfigRequest(), ref r),
            OfpType.GetConfigReply => GetConfigReply.Decode(ref r),
            OfpType.SetConfig => SetConfig.Decode(ref r),
            OfpType.PacketIn => PacketIn.Decode(ref r),
            OfpType.FlowRemoved => FlowRemoved.Decode(ref r),
            OfpType.PortStatus => PortStatus.Decode(ref r),
            OfpType.PacketOut => PacketOut.Decode(ref r),
            OfpType.FlowMod => FlowMod.Decode(ref r),
            OfpType.MultipartRequest => MultipartDecoder.DecodeRequest(ref r),
            OfpType.MultipartReply => MultipartDecoder.DecodeReply(ref r),
            OfpType.BarrierRequest => Empty(new BarrierRequest(), ref r),
            OfpType.BarrierReply => Empty(new BarrierReply(), ref r),
            OfpType.RoleRequest => RoleRequest.Decode(ref r),
            OfpType.RoleReply => RoleReply.Decode(ref r),
            OfpType.GetAsyncRequest => Empty(new GetAsyncRequest(), ref r),
            OfpType.GetAsyncReply => GetAsyncReply.Decode(ref r),
            OfpType.SetAsync => SetAsync.Decode(ref r),
            _ => DecodeMore(header, ref r),
        };
        message.SetXid(header.Xid);
        return message;
    }

    private static OfpMessage DecodeMore(OfpHeader header, ref OfpReader r) => header.Type switch
    {
        OfpType.GroupMod => GroupMod.Decode(ref r),
        OfpType.PortMod => PortMod.Decode(ref r),
        OfpType.TableMod => TableMod.Decode(ref r),
        OfpType.QueueGetConfigRequest => QueueGetConfigRequest.Decode(ref r),
        OfpType.QueueGetConfigReply => QueueGetConfigReply.Decode(ref r),
        OfpType.MeterMod => MeterMod.Decode(ref r),
        _ => throw new OpenFlowProtocolException($"unknown message type {(byte)header.Type}", r.Offset - OfpHeader.Size + 1),
    };

    private static OfpMessage Empty(OfpMessage message, ref OfpReader r)
    {
        r.ExpectEnd(message.Type.ToString());
        return message;
    }
}
