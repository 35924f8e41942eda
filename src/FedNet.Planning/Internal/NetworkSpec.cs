using FedNet.Model;

namespace FedNet.Planning.Internal;

/// <summary>One vif with everything allocated for it.</summary>
internal sealed record VifSpec(VifKey Key, int Id, Host Host, int Site, ulong Mac, uint Ip, int Ofport);

/// <summary>One policy as applied to one network.</summary>
internal sealed record PolicySpec(PolicyKey Key, Policy Policy, int MeterId, int Transit, string? VmA, string? VmB);

/// <summary>One network with its vifs, tags, keys and policies: all a network's flows depend on.</summary>
internal sealed class NetworkSpec
{
    public required NetworkKey Key { get; init; }
    public required Network Network { get; init; }
    public required int Id { get; init; }
    public List<VifSpec> Vifs { get; } = [];
    /// <summary>Private VLAN by site index (only sites with vifs).</summary>
    public Dictionary<int, int> Vlans { get; } = [];
    /// <summary>Public VLAN by VPLS transit index (transits on the network's paths).</summary>
    public Dictionary<int, int> PublicVlans { get; } = [];
    /// <summary>Tunnel key by tunnel transit index (transits on the network's paths).</summary>
    public Dictionary<int, int> TunnelKeys { get; } = [];
    public List<PolicySpec> Policies { get; } = [];
    /// <summary>Sites with vifs, ascending.</summary>
    public SortedSet<int> Sites { get; } = [];
    /// <summary>Transits on the paths between the network's sites, ascending.</summary>
    public SortedSet<int> Transits { get; } = [];
}
