namespace FedNet;

/// <summary>
/// The root of every error FedNet raises on purpose. Each part has sealed leaves that carry the wire's own code
/// (for example the OpenFlow error type/code or the OVSDB error/details), the way Npgsql's PostgresException carries
/// its SqlState.
/// </summary>
public abstract class FedNetException : Exception
{
    protected FedNetException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>True when trying the same operation again later may succeed (a dropped connection, a conflict).</summary>
    public virtual bool IsTransient => false;
}
