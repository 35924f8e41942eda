namespace FedNet.Cbench;

/// <summary>A run that could not finish: the controller refused, closed, misbehaved or went silent.</summary>
public sealed class CbenchException(string message, Exception? inner = null) : FedNetException(message, inner)
{
    /// <inheritdoc/>
    public override bool IsTransient => false;
}
