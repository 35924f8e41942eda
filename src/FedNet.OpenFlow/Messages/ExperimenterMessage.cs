using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// OFPT_EXPERIMENTER (spec 1.3.5 A.5.4): <c>struct ofp_experimenter_header { ofp_header; uint32_t experimenter;
/// uint32_t exp_type; uint8_t data[]; }</c>. Experimenter messages this library does not know decode to this record
/// and re-encode byte for byte.
/// </summary>
public sealed record ExperimenterMessage : OfpMessage
{
    public override OfpType Type => OfpType.Experimenter;

    /// <summary>Experimenter id (an OUI or ONF-assigned id).</summary>
    public uint Experimenter { get; init; }

    /// <summary>Experimenter-defined type.</summary>
    public uint ExpType { get; init; }

    /// <summary>Experimenter-defined body.</summary>
    public EquatableArray<byte> Data { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U32(Experimenter);
        writer.U32(ExpType);
        writer.Bytes(Data.AsSpan());
    }
}
