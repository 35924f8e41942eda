using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_multipart_type</c> (spec 1.3.5 A.3.5).</summary>
public enum OfpMultipartType : ushort
{
    Desc = 0,
    Flow = 1,
    Aggregate = 2,
    Table = 3,
    PortStats = 4,
    Queue = 5,
    Group = 6,
    GroupDesc = 7,
    GroupFeatures = 8,
    Meter = 9,
    MeterConfig = 10,
    MeterFeatures = 11,
    TableFeatures = 12,
    PortDesc = 13,
    Experimenter = 0xffff,
}

/// <summary>
/// OFPT_MULTIPART_REQUEST (spec 1.3.5 A.3.5): <c>struct ofp_multipart_request { ofp_header; uint16_t type;
/// uint16_t flags; uint8_t pad[4]; uint8_t body[]; }</c>. One sealed record per multipart type.
/// </summary>
public abstract record MultipartRequest : OfpMessage
{
    /// <summary>OFPMPF_REQ_MORE: more requests follow.</summary>
    public const ushort MoreFlag = 1;

    private protected MultipartRequest()
    {
    }

    public sealed override OfpType Type => OfpType.MultipartRequest;

    /// <summary>Which statistics or description is asked for.</summary>
    public abstract OfpMultipartType MultipartType { get; }

    private ushort _flags;

    /// <summary>OFPMPF_REQ_* flags.</summary>
    public ushort Flags
    {
        get => _flags;
        init => _flags = value;
    }

    internal void SetFlags(ushort flags) => _flags = flags;

    internal sealed override void EncodeBody(OfpWriter writer)
    {
        writer.U16((ushort)MultipartType);
        writer.U16(Flags);
        writer.Zeros(4);
        EncodeRequestBody(writer);
    }

    private protected abstract void EncodeRequestBody(OfpWriter writer);
}

/// <summary>
/// OFPT_MULTIPART_REPLY (spec 1.3.5 A.3.5): <c>struct ofp_multipart_reply { ofp_header; uint16_t type;
/// uint16_t flags; uint8_t pad[4]; uint8_t body[]; }</c>. A reply with <see cref="More"/> is followed by further
/// parts with the same xid; the connection reassembles them.
/// </summary>
public abstract record MultipartReply : OfpMessage
{
    /// <summary>OFPMPF_REPLY_MORE: more replies follow.</summary>
    public const ushort MoreFlag = 1;

    private protected MultipartReply()
    {
    }

    public sealed override OfpType Type => OfpType.MultipartReply;

    /// <summary>Which statistics or description this answers.</summary>
    public abstract OfpMultipartType MultipartType { get; }

    private ushort _flags;

    /// <summary>OFPMPF_REPLY_* flags.</summary>
    public ushort Flags
    {
        get => _flags;
        init => _flags = value;
    }

    internal void SetFlags(ushort flags) => _flags = flags;

    /// <summary>True when further parts follow.</summary>
    public bool More => (Flags & MoreFlag) != 0;

    internal sealed override void EncodeBody(OfpWriter writer)
    {
        writer.U16((ushort)MultipartType);
        writer.U16(Flags);
        writer.Zeros(4);
        EncodeReplyBody(writer);
    }

    private protected abstract void EncodeReplyBody(OfpWriter writer);
}

/// <summary>A multipart reply whose body is a list of entries (flows, ports, tables...).</summary>
/// <typeparam name="T">The entry type.</typeparam>
public abstract record MultipartListReply<T> : MultipartReply
{
    private protected MultipartListReply()
    {
    }

    /// <summary>The entries of this part.</summary>
    public EquatableArray<T> Entries { get; init; }
}

/// <summary>OFPMP_EXPERIMENTER request: <c>struct ofp_experimenter_multipart_header { uint32_t experimenter; uint32_t exp_type; }</c> + data.</summary>
public sealed record ExperimenterMultipartRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Experimenter;
    public uint Experimenter { get; init; }
    public uint ExpType { get; init; }
    public EquatableArray<byte> Data { get; init; }

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
        writer.U32(Experimenter);
        writer.U32(ExpType);
        writer.Bytes(Data.AsSpan());
    }
}

/// <summary>OFPMP_EXPERIMENTER reply, kept opaque.</summary>
public sealed record ExperimenterMultipartReply : MultipartReply
{
    public override OfpMultipartType MultipartType => OfpMultipartType.Experimenter;
    public uint Experimenter { get; init; }
    public uint ExpType { get; init; }
    public EquatableArray<byte> Data { get; init; }

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        writer.U32(Experimenter);
        writer.U32(ExpType);
        writer.Bytes(Data.AsSpan());
    }
}

/// <summary>A multipart request of a type OpenFlow 1.3 does not define, kept opaque.</summary>
public sealed record UnknownMultipartRequest(ushort Code, EquatableArray<byte> Body) : MultipartRequest
{
    public override OfpMultipartType MultipartType => (OfpMultipartType)Code;

    private protected override void EncodeRequestBody(OfpWriter writer) => writer.Bytes(Body.AsSpan());
}

/// <summary>A multipart reply of a type OpenFlow 1.3 does not define, kept opaque.</summary>
public sealed record UnknownMultipartReply(ushort Code, EquatableArray<byte> Body) : MultipartReply
{
    public override OfpMultipartType MultipartType => (OfpMultipartType)Code;

    private protected override void EncodeReplyBody(OfpWriter writer) => writer.Bytes(Body.AsSpan());
}
