namespace FedNet.Ovsdb.Replica;

/// <summary>A Port row.</summary>
public sealed class PortRow(OvsdbRow row) : TypedRow(row)
{
    public string Name => Str("name");
    public IReadOnlyList<Guid> Interfaces => Uuids("interfaces");
    public long? Tag => OptInt("tag");
    public IReadOnlyList<long> Trunks => Row["trunks"].AsIntegers().ToArray();
    public string? VlanMode => OptStr("vlan_mode");
    public Guid? Qos => Row["qos"].AsUuid();
}
