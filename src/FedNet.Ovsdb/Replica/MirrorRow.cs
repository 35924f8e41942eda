namespace FedNet.Ovsdb.Replica;

/// <summary>A Mirror row.</summary>
public sealed class MirrorRow(OvsdbRow row) : TypedRow(row)
{
    public string Name => Str("name");
    public bool SelectAll => Row["select_all"].AsBoolean() ?? false;
    public Guid? OutputPort => Row["output_port"].AsUuid();
    public long? OutputVlan => OptInt("output_vlan");
}
