namespace FedNet.Ovsdb.Ensure;

/// <summary>What an ensure changed: rows inserted, updated and deleted, and the write operations sent (0 when in sync).</summary>
public sealed record EnsureResult(int Inserted, int Updated, int Deleted, int WriteOperations, int Attempts)
{
    /// <summary>True when nothing had to change.</summary>
    public bool InSync => WriteOperations == 0;
}
