using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>OFPMP_DESC request: empty body.</summary>
public sealed record DescStatsRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Desc;

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
    }
}

/// <summary>
/// OFPMP_DESC reply (spec 1.3.5 A.3.5.1): <c>struct ofp_desc { char mfr_desc[256]; char hw_desc[256];
/// char sw_desc[256]; char serial_num[32]; char dp_desc[256]; }</c>.
/// </summary>
public sealed record DescStatsReply : MultipartReply
{
    private const int DescLength = 256;
    private const int SerialLength = 32;

    public override OfpMultipartType MultipartType => OfpMultipartType.Desc;
    public string Manufacturer { get; init; } = "";
    public string Hardware { get; init; } = "";
    public string Software { get; init; } = "";
    public string SerialNumber { get; init; } = "";
    public string Datapath { get; init; } = "";

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        writer.FixedString(Manufacturer, DescLength);
        writer.FixedString(Hardware, DescLength);
        writer.FixedString(Software, DescLength);
        writer.FixedString(SerialNumber, SerialLength);
        writer.FixedString(Datapath, DescLength);
    }

    internal static DescStatsReply Decode(ref OfpReader r)
    {
        var m = new DescStatsReply
        {
            Manufacturer = r.FixedString(DescLength),
            Hardware = r.FixedString(DescLength),
            Software = r.FixedString(DescLength),
            SerialNumber = r.FixedString(SerialLength),
            Datapath = r.FixedString(DescLength),
        };
        r.ExpectEnd("desc");
        return m;
    }
}
