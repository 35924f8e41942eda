namespace FedNet.Ovsdb.Replica;

/// <summary>A Manager row.</summary>
public sealed class ManagerRow(OvsdbRow row) : TypedRow(row)
{
    public string Target => Str("target");
    public bool IsConnected => Row["is_connected"].AsBoolean() ?? false;
}
