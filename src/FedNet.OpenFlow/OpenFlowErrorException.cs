namespace FedNet.OpenFlow;

/// <summary>
/// A switch answered a request with an OFPT_ERROR. Carries the wire's own type and code (and, for an experimenter
/// error, the experimenter id) plus the data the switch echoed back, usually the start of the offending request.
/// </summary>
public sealed class OpenFlowErrorException : FedNetException
{
    public OpenFlowErrorException(OfpErrorType type, ushort code, ReadOnlyMemory<byte> data, uint experimenter = 0, uint xid = 0)
        : base(Describe(type, code, experimenter, xid))
    {
        Type = type;
        Code = code;
        ErrorData = data;
        Experimenter = experimenter;
        Xid = xid;
    }

    /// <summary>Builds the exception from a decoded error message.</summary>
    public static OpenFlowErrorException From(ErrorMessage error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new OpenFlowErrorException(error.ErrorType, error.Code, error.Data.ToArray(), error.Experimenter, error.Xid);
    }

    /// <summary>OFPET_* of the error.</summary>
    public OfpErrorType Type { get; }

    /// <summary>The type-specific code (for an experimenter error, its <c>exp_type</c>).</summary>
    public ushort Code { get; }

    /// <summary>Experimenter id when <see cref="Type"/> is <see cref="OfpErrorType.Experimenter"/>, else 0.</summary>
    public uint Experimenter { get; }

    /// <summary>Xid of the error message (the xid of the request it answers).</summary>
    public uint Xid { get; }

    /// <summary>The offending data the switch sent back (at least 64 bytes of the request, per spec).</summary>
    public ReadOnlyMemory<byte> ErrorData { get; }

    private static string Describe(OfpErrorType type, ushort code, uint experimenter, uint xid) =>
        type == OfpErrorType.Experimenter
            ? $"switch returned experimenter error 0x{experimenter:x8} exp_type {code} (xid {xid})"
            : $"switch returned error {type} ({(ushort)type}) code {code} (xid {xid})";
}
