namespace FedNet.Ovsdb.Replica;

/// <summary>A Flow_Table row.</summary>
public sealed class FlowTableRow(OvsdbRow row) : TypedRow(row)
{
    public string? Name => OptStr("name");
    public long? FlowLimit => OptInt("flow_limit");
}
