namespace FedNet.Ovsdb.Replica;

/// <summary>A Queue row.</summary>
public sealed class QueueRow(OvsdbRow row) : TypedRow(row)
{
    public long? Dscp => OptInt("dscp");
}
