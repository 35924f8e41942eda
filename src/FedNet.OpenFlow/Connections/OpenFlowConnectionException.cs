namespace FedNet.OpenFlow.Connections;

/// <summary>
/// The connection to a switch could not be made, was refused at the handshake, or closed while a request was waiting
/// for its reply. Transient: connecting again later may succeed.
/// </summary>
public sealed class OpenFlowConnectionException : FedNetException
{
    /// <summary>Creates the exception.</summary>
    public OpenFlowConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
