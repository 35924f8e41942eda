namespace FedNet.Ovsdb.Replica;

/// <summary>The single Open_vSwitch row.</summary>
public sealed class OpenVswitchRow(OvsdbRow row) : TypedRow(row)
{
    public IReadOnlyList<Guid> Bridges => Uuids("bridges");
    public IReadOnlyList<Guid> ManagerOptions => Uuids("manager_options");
    public string? OvsVersion => OptStr("ovs_version");
    public string? DbVersion => OptStr("db_version");
    public long NextConfig => OptInt("next_cfg") ?? 0;
    public long CurrentConfig => OptInt("cur_cfg") ?? 0;
}
