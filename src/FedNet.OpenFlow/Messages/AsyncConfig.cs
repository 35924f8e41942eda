using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>One asynchronous-message mask pair: element 0 applies in master/equal role, element 1 in slave role.</summary>
/// <param name="MasterOrEqual">Bit n set = reason n is sent to a master or equal controller.</param>
/// <param name="Slave">Bit n set = reason n is sent to a slave controller.</param>
public readonly record struct AsyncMask(uint MasterOrEqual, uint Slave);

/// <summary>
/// Body of get-async reply and set-async: <c>struct ofp_async_config { ofp_header; uint32_t packet_in_mask[2];
/// uint32_t port_status_mask[2]; uint32_t flow_removed_mask[2]; }</c> (spec 1.3.5 A.3.10).
/// </summary>
public abstract record AsyncConfigMessage : OfpMessage
{
    private protected AsyncConfigMessage()
    {
    }

    /// <summary>OFPR_* reasons for packet-in.</summary>
    public AsyncMask PacketInMask { get; init; }

    /// <summary>OFPPR_* reasons for port-status.</summary>
    public AsyncMask PortStatusMask { get; init; }

    /// <summary>OFPRR_* reasons for flow-removed.</summary>
    public AsyncMask FlowRemovedMask { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        foreach (var m in (ReadOnlySpan<AsyncMask>)[PacketInMask, PortStatusMask, FlowRemovedMask])
        {
            writer.U32(m.MasterOrEqual);
            writer.U32(m.Slave);
        }
    }

    internal static (AsyncMask PacketIn, AsyncMask PortStatus, AsyncMask FlowRemoved) DecodeFields(ref OfpReader r)
    {
        var p = new AsyncMask(r.U32(), r.U32());
        var s = new AsyncMask(r.U32(), r.U32());
        var f = new AsyncMask(r.U32(), r.U32());
        r.ExpectEnd("async config");
        return (p, s, f);
    }
}

/// <summary>OFPT_GET_ASYNC_REPLY (spec 1.3.5 A.3.10).</summary>
public sealed record GetAsyncReply : AsyncConfigMessage
{
    public override OfpType Type => OfpType.GetAsyncReply;

    internal static GetAsyncReply Decode(ref OfpReader r)
    {
        var (p, s, f) = DecodeFields(ref r);
        return new GetAsyncReply { PacketInMask = p, PortStatusMask = s, FlowRemovedMask = f };
    }
}

/// <summary>OFPT_SET_ASYNC (spec 1.3.5 A.3.10).</summary>
public sealed record SetAsync : AsyncConfigMessage
{
    public override OfpType Type => OfpType.SetAsync;

    internal static SetAsync Decode(ref OfpReader r)
    {
        var (p, s, f) = DecodeFields(ref r);
        return new SetAsync { PacketInMask = p, PortStatusMask = s, FlowRemovedMask = f };
    }
}
