namespace FedNet.Ovsdb;

/// <summary>What a monitor update says happened to a row.</summary>
public enum RowUpdateKind
{
    /// <summary>The row exists (initial contents of a monitor); <see cref="OvsdbRowUpdate.New"/> holds it.</summary>
    Initial,
    /// <summary>The row was inserted; <see cref="OvsdbRowUpdate.New"/> holds it.</summary>
    Insert,
    /// <summary>update (v1): <see cref="OvsdbRowUpdate.Old"/> has the changed columns' old values, <see cref="OvsdbRowUpdate.New"/> the new row.</summary>
    Modify,
    /// <summary>update2: <see cref="OvsdbRowUpdate.New"/> holds a &lt;diff&gt; per changed column.</summary>
    ModifyDiff,
    /// <summary>The row was deleted; <see cref="OvsdbRowUpdate.Old"/> may hold its last contents.</summary>
    Delete,
}

/// <summary>One row of a monitor update (RFC 7047 section 4.1.6, or update2 from ovsdb-server(7)).</summary>
public sealed record OvsdbRowUpdate(string Table, Guid Uuid, RowUpdateKind Kind,
    IReadOnlyDictionary<string, OvsdbDatum>? Old, IReadOnlyDictionary<string, OvsdbDatum>? New);

/// <summary>The rows of one monitor reply or notification.</summary>
/// <param name="Rows">The row updates, table by table.</param>
/// <param name="IsInitial">True for the monitor's reply: the complete current contents of the monitored tables.</param>
/// <param name="UnknownTables">Tables the update named that the schema does not have (ignored).</param>
public sealed record OvsdbUpdateBatch(IReadOnlyList<OvsdbRowUpdate> Rows, bool IsInitial, IReadOnlyList<string> UnknownTables);
