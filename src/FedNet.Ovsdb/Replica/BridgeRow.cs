namespace FedNet.Ovsdb.Replica;

/// <summary>A Bridge row.</summary>
public sealed class BridgeRow(OvsdbRow row) : TypedRow(row)
{
    public string Name => Str("name");
    public string DatapathType => Str("datapath_type");
    public string? FailMode => OptStr("fail_mode");
    public IReadOnlyList<string> Protocols => Row["protocols"].AsStrings().ToArray();
    public IReadOnlyList<Guid> Ports => Uuids("ports");
    public IReadOnlyList<Guid> Controllers => Uuids("controller");
    public IReadOnlyList<Guid> Mirrors => Uuids("mirrors");
    public string? DatapathId => OptStr("datapath_id");
    public IReadOnlyDictionary<long, Guid> FlowTables =>
        Row["flow_tables"].Keys.Select((k, i) => (K: (long)k, V: (Guid)Row["flow_tables"].Values![i])).ToDictionary(p => p.K, p => p.V);
}
