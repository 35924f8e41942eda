using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// One OpenFlow 1.3 message. Every message is a sealed record with value equality (collections compare by content);
/// <see cref="OpenFlowCodec"/> turns bytes into these and back.
/// </summary>
public abstract record OfpMessage
{
    private protected OfpMessage()
    {
    }

    private uint _xid;

    /// <summary>Transaction id; a reply carries the xid of its request.</summary>
    public uint Xid
    {
        get => _xid;
        init => _xid = value;
    }

    /// <summary>The message type on the wire.</summary>
    public abstract OfpType Type { get; }

    /// <summary>Version byte written in the header (4, except for a hello announcing another version).</summary>
    internal virtual byte WireVersion => OpenFlowCodec.Version13;

    /// <summary>Sets the xid of a freshly decoded message (avoids cloning it with <c>with</c>).</summary>
    internal void SetXid(uint xid) => _xid = xid;

    /// <summary>Writes everything after the 8-byte header.</summary>
    internal abstract void EncodeBody(OfpWriter writer);
}
