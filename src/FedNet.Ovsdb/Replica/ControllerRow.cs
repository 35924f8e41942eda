namespace FedNet.Ovsdb.Replica;

/// <summary>A Controller row.</summary>
public sealed class ControllerRow(OvsdbRow row) : TypedRow(row)
{
    public string Target => Str("target");
    public long? MaxBackoff => OptInt("max_backoff");
    public long? InactivityProbe => OptInt("inactivity_probe");
    public bool IsConnected => Row["is_connected"].AsBoolean() ?? false;
}
