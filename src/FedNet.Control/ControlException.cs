namespace FedNet.Control;

/// <summary>A controller error: a switch or node that cannot be reached or reconciled, a VM that cannot be bound.</summary>
public sealed class ControlException : FedNetException
{
    /// <summary>Creates the error.</summary>
    public ControlException(string message, Exception? innerException = null, bool isTransient = false)
        : base(message, innerException) => Transient = isTransient;

    private bool Transient { get; }

    /// <inheritdoc/>
    public override bool IsTransient => Transient;
}
