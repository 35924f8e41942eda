namespace FedNet.Store;

/// <summary>The store cannot be opened or used: a schema newer than this build, a corrupt file, an unwritable data
/// directory.</summary>
public sealed class StoreException : FedNetException
{
    public StoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
