namespace FedNet.Lab;

/// <summary>A lab operation failed: a command the lab ran, a bad topology, a missing prerequisite or an unknown lab.</summary>
public sealed class LabException : FedNetException
{
    public LabException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
