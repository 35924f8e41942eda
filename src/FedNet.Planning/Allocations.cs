using FedNet.Planning.Internal;

namespace FedNet.Planning;

/// <summary>
/// Everything the planner allocated, by owner. It is both output and input: planning again with the previous
/// allocations keeps every number that is still valid, so re-planning changes nothing and adding or removing one
/// network or VM never renumbers the others. Counters only grow, so a freed MAC or id is not handed out again soon
/// (stale ARP caches and cookies never point at a newcomer).
/// </summary>
/// <param name="NextMacSuffix">Next MAC suffix (the bytes after the federation's prefix) to try.</param>
/// <param name="NextNetworkId">Next network id (cookie field, 24 bits).</param>
/// <param name="NextVifId">Next vif id (cookie field, 24 bits).</param>
/// <param name="NextPolicyId">Next policy (meter) id.</param>
/// <param name="NetworkIds">Network ids.</param>
/// <param name="VifIds">Vif ids.</param>
/// <param name="Hosts">The host chosen for each VM (fixed by <c>placement.host</c>, or chosen inside <c>placement.site</c>).</param>
/// <param name="Macs">Each vif's MAC (48-bit value).</param>
/// <param name="Ips">Each vif's IPv4 address (32-bit value).</param>
/// <param name="Ports">Each vif's host and ofport (100 and up, unique per host).</param>
/// <param name="PrivateVlans">Private VLAN of a network in a site where it has vifs.</param>
/// <param name="PublicVlans">Public VLAN a network uses on a VPLS transit on its paths.</param>
/// <param name="TunnelKeys">GRE/VXLAN key of a network on a tunnel transit on its paths.</param>
/// <param name="PolicyIds">Meter id of a policy on a network.</param>
public sealed record Allocations(
    ulong NextMacSuffix,
    int NextNetworkId,
    int NextVifId,
    int NextPolicyId,
    ValueMap<NetworkKey, int> NetworkIds,
    ValueMap<VifKey, int> VifIds,
    ValueMap<VmKey, string> Hosts,
    ValueMap<VifKey, ulong> Macs,
    ValueMap<VifKey, uint> Ips,
    ValueMap<VifKey, VifPort> Ports,
    ValueMap<SiteNetworkKey, int> PrivateVlans,
    ValueMap<TransitNetworkKey, int> PublicVlans,
    ValueMap<TransitNetworkKey, int> TunnelKeys,
    ValueMap<PolicyKey, int> PolicyIds)
{
    /// <summary>
    /// The maps of a full plan, built straight from the allocator's entry lists (in key order), as one task per large map:
    /// a full plan builds them alongside the flows, so they spread over the cores the flows leave free (one task for all
    /// of them was the plan's tail).
    /// </summary>
    internal static async Task<Allocations> FromDraft(AllocationDraft draft)
    {
        var vifIds = Task.Run(draft.VifIdValues.ToMap);
        var macs = Task.Run(draft.MacValues.ToMap);
        var ips = Task.Run(draft.IpValues.ToMap);
        var ports = Task.Run(draft.PortValues.ToMap);
        var hosts = Task.Run(() => ValueMap<VmKey, string>.FromList(draft.HostList));
        var rest = Task.Run(() => (
            ValueMap<NetworkKey, int>.FromList(draft.NetworkIdList),
            ValueMap<SiteNetworkKey, int>.FromList(draft.PrivateVlanList),
            ValueMap<TransitNetworkKey, int>.FromList(draft.PublicVlanList),
            ValueMap<TransitNetworkKey, int>.FromList(draft.TunnelKeyList),
            ValueMap<PolicyKey, int>.FromList(draft.PolicyIdList)));
        var (networkIds, privateVlans, publicVlans, tunnelKeys, policyIds) = await rest.ConfigureAwait(false);
        return new(draft.NextMacSuffix, draft.NextNetworkId, draft.NextVifId, draft.NextPolicyId,
            networkIds, await vifIds.ConfigureAwait(false), await hosts.ConfigureAwait(false), await macs.ConfigureAwait(false),
            await ips.ConfigureAwait(false), await ports.ConfigureAwait(false), privateVlans, publicVlans, tunnelKeys, policyIds);
    }

    /// <summary>Nothing allocated yet.</summary>
    public static Allocations Empty { get; } = new(
        1, 1, 1, 1,
        ValueMap<NetworkKey, int>.Empty,
        ValueMap<VifKey, int>.Empty,
        ValueMap<VmKey, string>.Empty,
        ValueMap<VifKey, ulong>.Empty,
        ValueMap<VifKey, uint>.Empty,
        ValueMap<VifKey, VifPort>.Empty,
        ValueMap<SiteNetworkKey, int>.Empty,
        ValueMap<TransitNetworkKey, int>.Empty,
        ValueMap<TransitNetworkKey, int>.Empty,
        ValueMap<PolicyKey, int>.Empty);
}
