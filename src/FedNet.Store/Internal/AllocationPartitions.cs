using FedNet.Planning;

namespace FedNet.Store.Internal;

/// <summary>
/// Splits <see cref="Allocations"/> by the service that owns each key (every key starts with tenant and service), so
/// a commit rewrites only the services whose allocations changed instead of the whole federation's JSON (schema
/// version 2). The counters (<c>Next*</c>) are kept apart, as allocations with empty maps.
/// </summary>
internal static class AllocationPartitions
{
    /// <summary>The counters alone, as <see cref="AllocationsJson"/> with empty maps.</summary>
    public static byte[] Counters(Allocations a) => AllocationsJson.Serialize(Allocations.Empty with
    {
        NextMacSuffix = a.NextMacSuffix,
        NextNetworkId = a.NextNetworkId,
        NextVifId = a.NextVifId,
        NextPolicyId = a.NextPolicyId,
    });

    /// <summary>Each service's entries as <see cref="AllocationsJson"/> (counters at their defaults).</summary>
    public static Dictionary<ServiceKey, byte[]> Split(Allocations a)
    {
        var parts = new Dictionary<ServiceKey, Part>();
        Part Of(string tenant, string service)
        {
            var key = new ServiceKey(tenant, service);
            if (!parts.TryGetValue(key, out var part))
                parts.Add(key, part = new Part());
            return part;
        }
        foreach (var e in a.NetworkIds)
            (Of(e.Key.Tenant, e.Key.Service).NetworkIds ??= []).Add(e);
        foreach (var e in a.VifIds)
            (Of(e.Key.Vm.Tenant, e.Key.Vm.Service).VifIds ??= []).Add(e);
        foreach (var e in a.Hosts)
            (Of(e.Key.Tenant, e.Key.Service).Hosts ??= []).Add(e);
        foreach (var e in a.Macs)
            (Of(e.Key.Vm.Tenant, e.Key.Vm.Service).Macs ??= []).Add(e);
        foreach (var e in a.Ips)
            (Of(e.Key.Vm.Tenant, e.Key.Vm.Service).Ips ??= []).Add(e);
        foreach (var e in a.Ports)
            (Of(e.Key.Vm.Tenant, e.Key.Vm.Service).Ports ??= []).Add(e);
        foreach (var e in a.PrivateVlans)
            (Of(e.Key.Network.Tenant, e.Key.Network.Service).PrivateVlans ??= []).Add(e);
        foreach (var e in a.PublicVlans)
            (Of(e.Key.Network.Tenant, e.Key.Network.Service).PublicVlans ??= []).Add(e);
        foreach (var e in a.TunnelKeys)
            (Of(e.Key.Network.Tenant, e.Key.Network.Service).TunnelKeys ??= []).Add(e);
        foreach (var e in a.PolicyIds)
            (Of(e.Key.Network.Tenant, e.Key.Network.Service).PolicyIds ??= []).Add(e);
        var result = new Dictionary<ServiceKey, byte[]>(parts.Count);
        foreach (var (key, part) in parts)
            result.Add(key, AllocationsJson.Serialize(part.ToAllocations()));
        return result;
    }

    /// <summary>The counters of <paramref name="counters"/> with the entries of every part.</summary>
    /// <exception cref="StoreException">Two parts hold the same key (a damaged store).</exception>
    public static Allocations Merge(Allocations counters, IEnumerable<Allocations> parts)
    {
        var networkIds = ValueMap<NetworkKey, int>.Empty.Items.ToBuilder();
        var vifIds = ValueMap<VifKey, int>.Empty.Items.ToBuilder();
        var hosts = ValueMap<VmKey, string>.Empty.Items.ToBuilder();
        var macs = ValueMap<VifKey, ulong>.Empty.Items.ToBuilder();
        var ips = ValueMap<VifKey, uint>.Empty.Items.ToBuilder();
        var ports = ValueMap<VifKey, VifPort>.Empty.Items.ToBuilder();
        var privateVlans = ValueMap<SiteNetworkKey, int>.Empty.Items.ToBuilder();
        var publicVlans = ValueMap<TransitNetworkKey, int>.Empty.Items.ToBuilder();
        var tunnelKeys = ValueMap<TransitNetworkKey, int>.Empty.Items.ToBuilder();
        var policyIds = ValueMap<PolicyKey, int>.Empty.Items.ToBuilder();
        try
        {
            foreach (var p in parts)
            {
                networkIds.AddRange(p.NetworkIds);
                vifIds.AddRange(p.VifIds);
                hosts.AddRange(p.Hosts);
                macs.AddRange(p.Macs);
                ips.AddRange(p.Ips);
                ports.AddRange(p.Ports);
                privateVlans.AddRange(p.PrivateVlans);
                publicVlans.AddRange(p.PublicVlans);
                tunnelKeys.AddRange(p.TunnelKeys);
                policyIds.AddRange(p.PolicyIds);
            }
        }
        catch (ArgumentException e)
        {
            throw new StoreException($"Stored allocations of two services overlap: {e.Message}", e);
        }
        return counters with
        {
            NetworkIds = new(networkIds.ToImmutable()),
            VifIds = new(vifIds.ToImmutable()),
            Hosts = new(hosts.ToImmutable()),
            Macs = new(macs.ToImmutable()),
            Ips = new(ips.ToImmutable()),
            Ports = new(ports.ToImmutable()),
            PrivateVlans = new(privateVlans.ToImmutable()),
            PublicVlans = new(publicVlans.ToImmutable()),
            TunnelKeys = new(tunnelKeys.ToImmutable()),
            PolicyIds = new(policyIds.ToImmutable()),
        };
    }

    private sealed class Part
    {
        public List<KeyValuePair<NetworkKey, int>>? NetworkIds;
        public List<KeyValuePair<VifKey, int>>? VifIds;
        public List<KeyValuePair<VmKey, string>>? Hosts;
        public List<KeyValuePair<VifKey, ulong>>? Macs;
        public List<KeyValuePair<VifKey, uint>>? Ips;
        public List<KeyValuePair<VifKey, VifPort>>? Ports;
        public List<KeyValuePair<SiteNetworkKey, int>>? PrivateVlans;
        public List<KeyValuePair<TransitNetworkKey, int>>? PublicVlans;
        public List<KeyValuePair<TransitNetworkKey, int>>? TunnelKeys;
        public List<KeyValuePair<PolicyKey, int>>? PolicyIds;

        public Allocations ToAllocations() => Allocations.Empty with
        {
            NetworkIds = Map(NetworkIds),
            VifIds = Map(VifIds),
            Hosts = Map(Hosts),
            Macs = Map(Macs),
            Ips = Map(Ips),
            Ports = Map(Ports),
            PrivateVlans = Map(PrivateVlans),
            PublicVlans = Map(PublicVlans),
            TunnelKeys = Map(TunnelKeys),
            PolicyIds = Map(PolicyIds),
        };

        private static ValueMap<TKey, TValue> Map<TKey, TValue>(List<KeyValuePair<TKey, TValue>>? entries)
            where TKey : notnull => entries is null ? ValueMap<TKey, TValue>.Empty : ValueMap<TKey, TValue>.From(entries);
    }
}
