using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>OFPT_ECHO_REQUEST (spec 1.3.5 A.5.2): a header followed by arbitrary data the reply must echo.</summary>
public sealed record EchoRequest : OfpMessage
{
    public override OfpType Type => OfpType.EchoRequest;

    /// <summary>Arbitrary payload.</summary>
    public EquatableArray<byte> Data { get; init; }

    internal override void EncodeBody(OfpWriter writer) => writer.Bytes(Data.AsSpan());

    internal static EchoRequest Decode(ref OfpReader r) => new() { Data = r.RestArray() };
}

/// <summary>OFPT_ECHO_REPLY (spec 1.3.5 A.5.3): carries the request's xid and data.</summary>
public sealed record EchoReply : OfpMessage
{
    public override OfpType Type => OfpType.EchoReply;

    /// <summary>The data of the request being answered.</summary>
    public EquatableArray<byte> Data { get; init; }

    /// <summary>The reply to <paramref name="request"/>.</summary>
    public static EchoReply For(EchoRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new EchoReply { Xid = request.Xid, Data = request.Data };
    }

    internal override void EncodeBody(OfpWriter writer) => writer.Bytes(Data.AsSpan());

    internal static EchoReply Decode(ref OfpReader r) => new() { Data = r.RestArray() };
}
