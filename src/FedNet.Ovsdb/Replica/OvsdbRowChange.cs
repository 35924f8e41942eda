namespace FedNet.Ovsdb.Replica;

/// <summary>How a row changed in the replica.</summary>
public enum RowChangeKind
{
    Inserted,
    Modified,
    Deleted,
}

/// <summary>One row's change, with its contents before and after.</summary>
public sealed record OvsdbRowChange(string Table, Guid Uuid, RowChangeKind Kind, OvsdbRow? Old, OvsdbRow? New);

/// <summary>The changes one update brought to the replica.</summary>
public sealed class OvsdbReplicaChangedEventArgs(IReadOnlyList<OvsdbRowChange> changes, bool isResync, OvsdbReplicaSnapshot snapshot) : EventArgs
{
    public IReadOnlyList<OvsdbRowChange> Changes { get; } = changes;

    /// <summary>True when the changes came from re-synchronising after a reconnect (only real differences are reported).</summary>
    public bool IsResync { get; } = isResync;

    /// <summary>The replica after the changes.</summary>
    public OvsdbReplicaSnapshot Snapshot { get; } = snapshot;
}
