namespace FedNet.OpenFlow;

/// <summary>
/// Bytes that are not a well-formed OpenFlow 1.3 message: a bad version, a length out of range, a TLV that overruns its
/// parent, misaligned padding. <see cref="Offset"/> names the byte (from the start of the frame or buffer) where the
/// problem was found. A connection that receives one drops that peer.
/// </summary>
public sealed class OpenFlowProtocolException : FedNetException
{
    public OpenFlowProtocolException(string reason, long offset)
        : base($"malformed OpenFlow message at offset {offset}: {reason}")
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>What is wrong, without the offset.</summary>
    public string Reason { get; }

    /// <summary>Byte offset of the problem, counted from the start of the frame (or buffer) being read.</summary>
    public long Offset { get; }
}
