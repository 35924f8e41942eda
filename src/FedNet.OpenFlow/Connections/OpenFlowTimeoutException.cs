namespace FedNet.OpenFlow.Connections;

/// <summary>A request, handshake or keepalive got no answer in time; the message names what timed out.</summary>
public sealed class OpenFlowTimeoutException : FedNetException
{
    /// <summary>Creates the exception.</summary>
    public OpenFlowTimeoutException(string message, TimeSpan timeout, Exception? innerException = null)
        : base(message, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>How long was waited.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
