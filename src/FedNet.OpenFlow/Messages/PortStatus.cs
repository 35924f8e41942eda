using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_port_reason</c> (spec 1.3.5 A.4.3).</summary>
public enum OfpPortReason : byte
{
    Add = 0,
    Delete = 1,
    Modify = 2,
}

/// <summary>
/// OFPT_PORT_STATUS (spec 1.3.5 A.4.3): <c>struct ofp_port_status { ofp_header; uint8_t reason; uint8_t pad[7];
/// ofp_port desc; }</c>.
/// </summary>
public sealed record PortStatus : OfpMessage
{
    public override OfpType Type => OfpType.PortStatus;

    public OfpPortReason Reason { get; init; }

    public OfpPort Port { get; init; } = new();

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U8((byte)Reason);
        writer.Zeros(7);
        Port.Encode(writer);
    }

    internal static PortStatus Decode(ref OfpReader r)
    {
        var reason = (OfpPortReason)r.U8();
        r.Pad(7);
        var port = OfpPort.Decode(ref r);
        r.ExpectEnd("port status");
        return new PortStatus { Reason = reason, Port = port };
    }
}
