namespace FedNet.Store;

/// <summary>The store cannot be opened or used: a schema newer than this build, a damaged file, an unwritable data
/// directory, a database locked by another process for longer than the busy timeout (transient).</summary>
public sealed class StoreException : FedNetException
{
    private readonly bool _transient;

    public StoreException(string message, Exception? innerException = null, bool transient = false)
        : base(message, innerException) => _transient = transient;

    /// <inheritdoc />
    public override bool IsTransient => _transient;
}
