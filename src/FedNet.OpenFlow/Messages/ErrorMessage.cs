using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// OFPT_ERROR (spec 1.3.5 A.4.4): <c>struct ofp_error_msg { ofp_header; uint16_t type; uint16_t code; uint8_t data[]; }</c>,
/// or for <see cref="OfpErrorType.Experimenter"/> <c>struct ofp_error_experimenter_msg { ofp_header; uint16_t type;
/// uint16_t exp_type; uint32_t experimenter; uint8_t data[]; }</c>.
/// </summary>
public sealed record ErrorMessage : OfpMessage
{
    public override OfpType Type => OfpType.Error;

    /// <summary>OFPET_*.</summary>
    public OfpErrorType ErrorType { get; init; }

    /// <summary>The type-specific code; for an experimenter error its <c>exp_type</c>.</summary>
    public ushort Code { get; init; }

    /// <summary>Experimenter id of an experimenter error; 0 otherwise.</summary>
    public uint Experimenter { get; init; }

    /// <summary>The offending request (or its first bytes), or text for a hello failure.</summary>
    public EquatableArray<byte> Data { get; init; }

    /// <summary>The equivalent exception, for a connection to throw at the requester.</summary>
    public OpenFlowErrorException ToException() => OpenFlowErrorException.From(this);

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U16((ushort)ErrorType);
        writer.U16(Code);
        if (ErrorType == OfpErrorType.Experimenter)
            writer.U32(Experimenter);
        writer.Bytes(Data.AsSpan());
    }

    internal static ErrorMessage Decode(ref OfpReader r)
    {
        var type = (OfpErrorType)r.U16();
        var code = r.U16();
        var experimenter = type == OfpErrorType.Experimenter ? r.U32() : 0;
        return new ErrorMessage { ErrorType = type, Code = code, Experimenter = experimenter, Data = r.RestArray() };
    }
}
