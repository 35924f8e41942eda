namespace FedNet.Ovsdb.Replica;

/// <summary>A typed view over a replica row; the untyped columns stay reachable through <see cref="Row"/>.</summary>
public abstract class TypedRow
{
    protected TypedRow(OvsdbRow row) => Row = row;

    /// <summary>The row with every monitored column.</summary>
    public OvsdbRow Row { get; }

    public Guid Uuid => Row.Uuid;

    /// <summary>external_ids, where FedNet records ownership (<c>fednet-owner</c>).</summary>
    public IReadOnlyDictionary<string, string> ExternalIds => Row["external_ids"].AsStringMap();

    /// <summary>other_config.</summary>
    public IReadOnlyDictionary<string, string> OtherConfig => Row["other_config"].AsStringMap();

    protected string Str(string column) => Row[column].AsString() ?? "";
    protected string? OptStr(string column) => Row[column].AsString();
    protected long? OptInt(string column) => Row[column].AsInteger();
    protected IReadOnlyList<Guid> Uuids(string column) => Row[column].AsUuids().ToArray();

    public override string ToString() => $"{GetType().Name} {Row}";
}
