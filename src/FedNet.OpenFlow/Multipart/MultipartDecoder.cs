using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>Dispatches multipart request and reply bodies (spec 1.3.5 A.3.5) to their decoders.</summary>
internal static class MultipartDecoder
{
    public static MultipartRequest DecodeRequest(ref OfpReader r)
    {
        var type = r.U16();
        var flags = r.U16();
        r.Pad(4);
        MultipartRequest m = (OfpMultipartType)type switch
        {
            OfpMultipartType.Desc => Empty(new DescStatsRequest(), ref r),
            OfpMultipartType.Flow => FlowFilterRequest.Decode<FlowStatsRequest>(ref r),
            OfpMultipartType.Aggregate => FlowFilterRequest.Decode<AggregateStatsRequest>(ref r),
            OfpMultipartType.Table => Empty(new TableStatsRequest(), ref r),
            OfpMultipartType.PortStats => PortStatsRequest.Decode(ref r),
            OfpMultipartType.PortDesc => Empty(new PortDescRequest(), ref r),
            OfpMultipartType.Experimenter => new ExperimenterMultipartRequest { Experimenter = r.U32(), ExpType = r.U32(), Data = r.RestArray() },
            _ => DecodeRequestMore(type, ref r),
        };
        m.SetFlags(flags);
        return m;
    }

    public static MultipartReply DecodeReply(ref OfpReader r)
    {
        var type = r.U16();
        var flags = r.U16();
        r.Pad(4);
        MultipartReply m = (OfpMultipartType)type switch
        {
            OfpMultipartType.Desc => DescStatsReply.Decode(ref r),
            OfpMultipartType.Flow => FlowStatsReply.Decode(ref r),
            OfpMultipartType.Aggregate => AggregateStatsReply.Decode(ref r),
            OfpMultipartType.Table => TableStatsReply.Decode(ref r),
            OfpMultipartType.PortStats => PortStatsReply.Decode(ref r),
            OfpMultipartType.PortDesc => PortDescReply.Decode(ref r),
            OfpMultipartType.Experimenter => new ExperimenterMultipartReply { Experimenter = r.U32(), ExpType = r.U32(), Data = r.RestArray() },
            _ => DecodeReplyMore(type, ref r),
        };
        m.SetFlags(flags);
        return m;
    }

    private static MultipartRequest DecodeRequestMore(ushort type, ref OfpReader r) => (OfpMultipartType)type switch
    {
        OfpMultipartType.Queue => QueueStatsRequest.Decode(ref r),
        OfpMultipartType.Group => GroupStatsRequest.Decode(ref r),
        OfpMultipartType.GroupDesc => Empty(new GroupDescRequest(), ref r),
        OfpMultipartType.GroupFeatures => Empty(new GroupFeaturesRequest(), ref r),
        OfpMultipartType.Meter => MeterFilterRequest.Decode<MeterStatsRequest>(ref r),
        OfpMultipartType.MeterConfig => MeterFilterRequest.Decode<MeterConfigRequest>(ref r),
        OfpMultipartType.MeterFeatures => Empty(new MeterFeaturesRequest(), ref r),
        OfpMultipartType.TableFeatures => new TableFeaturesRequest { Tables = TableFeatures.DecodeList(ref r) },
        _ => new UnknownMultipartRequest(type, r.RestArray()),
    };

    private static MultipartReply DecodeReplyMore(ushort type, ref OfpReader r) => (OfpMultipartType)type switch
    {
        OfpMultipartType.Queue => QueueStatsReply.Decode(ref r),
        OfpMultipartType.Group => GroupStatsReply.Decode(ref r),
        OfpMultipartType.GroupDesc => GroupDescReply.Decode(ref r),
        OfpMultipartType.GroupFeatures => GroupFeaturesReply.Decode(ref r),
        OfpMultipartType.Meter => MeterStatsReply.Decode(ref r),
        OfpMultipartType.MeterConfig => MeterConfigReply.Decode(ref r),
        OfpMultipartType.MeterFeatures => MeterFeaturesReply.Decode(ref r),
        OfpMultipartType.TableFeatures => new TableFeaturesReply { Entries = TableFeatures.DecodeList(ref r) },
        _ => new UnknownMultipartReply(type, r.RestArray()),
    };

    private static MultipartRequest Empty(MultipartRequest request, ref OfpReader r)
    {
        r.ExpectEnd($"{request.MultipartType} request");
        return request;
    }
}
