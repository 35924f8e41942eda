using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>A message that is only a header.</summary>
public abstract record EmptyMessage : OfpMessage
{
    private protected EmptyMessage()
    {
    }

    internal override void EncodeBody(OfpWriter writer)
    {
    }
}

/// <summary>OFPT_FEATURES_REQUEST (spec 1.3.5 A.3.1): header only.</summary>
public sealed record FeaturesRequest : EmptyMessage
{
    public override OfpType Type => OfpType.FeaturesRequest;
}

/// <summary>OFPT_GET_CONFIG_REQUEST (spec 1.3.5 A.3.2): header only.</summary>
public sealed record GetConfigRequest : EmptyMessage
{
    public override OfpType Type => OfpType.GetConfigRequest;
}

/// <summary>OFPT_BARRIER_REQUEST (spec 1.3.5 A.3.8): header only.</summary>
public sealed record BarrierRequest : EmptyMessage
{
    public override OfpType Type => OfpType.BarrierRequest;
}

/// <summary>OFPT_BARRIER_REPLY (spec 1.3.5 A.3.8): header only, with the request's xid.</summary>
public sealed record BarrierReply : EmptyMessage
{
    public override OfpType Type => OfpType.BarrierReply;
}

/// <summary>OFPT_GET_ASYNC_REQUEST (spec 1.3.5 A.3.10): header only.</summary>
public sealed record GetAsyncRequest : EmptyMessage
{
    public override OfpType Type => OfpType.GetAsyncRequest;
}
