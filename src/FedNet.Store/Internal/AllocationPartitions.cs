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

    /// <summary>
    /// Each service's entries as <see cref="AllocationsJson"/> (counters at their defaults). A service whose entries
    /// equal those in <paramref name="previous"/> reuses its JSON array instance unserialized, which is how the writer
    /// knows it need not rewrite that row.
    /// </summary>
    public static Dictionary<ServiceKey, Partition> Split(Allocations a, IReadOnlyDictionary<ServiceKey, Partition>? previous = null)
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
        var result = new Dictionary<ServiceKey, Partition>(parts.Count);
        foreach (var (key, part) in parts)
        {
            var json = previous is not null && previous.TryGetValue(key, out var old) && old.Entries is { } oldEntries && part.SameAs(oldEntries)
                ? old.Json
                : AllocationsJson.Serialize(part.ToAllocations());
            result.Add(key, new Partition(part, json));
        }
        return result;
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> hold the very same map instances (the planner
    /// returns untouched maps as they were), so their partitions are equal without looking.</summary>
    public static bool SameMaps(Allocations a, Allocations b) =>
        ReferenceEquals(a.NetworkIds, b.NetworkIds) && ReferenceEquals(a.VifIds, b.VifIds) && ReferenceEquals(a.Hosts, b.Hosts)
        && ReferenceEquals(a.Macs, b.Macs) && ReferenceEquals(a.Ips, b.Ips) && ReferenceEquals(a.Ports, b.Ports)
        && ReferenceEquals(a.PrivateVlans, b.PrivateVlans) && ReferenceEquals(a.PublicVlans, b.PublicVlans)
        && ReferenceEquals(a.TunnelKeys, b.TunnelKeys) && ReferenceEquals(a.PolicyIds, b.PolicyIds);

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

    /// <summary>One service's allocations: its entries (null when read back from the database) and their JSON.</summary>
    internal sealed record Partition(Part? Entries, byte[] Json);

    internal sealed class Part
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

        public bool SameAs(Part other) =>
            Same(NetworkIds, other.NetworkIds) && Same(VifIds, other.VifIds) && Same(Hosts, other.Hosts) && Same(Macs, other.Macs)
            && Same(Ips, other.Ips) && Same(Ports, other.Ports) && Same(PrivateVlans, other.PrivateVlans)
            && Same(PublicVlans, other.PublicVlans) && Same(TunnelKeys, other.TunnelKeys) && Same(PolicyIds, other.PolicyIds);

        private static bool Same<TKey, TValue>(List<KeyValuePair<TKey, TValue>>? a, List<KeyValuePair<TKey, TValue>>? b)
        {
            if (a is null || b is null)
                return a is null && b is null;
            if (a.Count != b.Count)
                return false;
            var keys = EqualityComparer<TKey>.Default;
            var values = EqualityComparer<TValue>.Default;
            for (var i = 0; i < a.Count; i++)
            {
                if (!keys.Equals(a[i].Key, b[i].Key) || !values.Equals(a[i].Value, b[i].Value))
                    return false;
            }
            return true;
        }

        private static ValueMap<TKey, TValue> Map<TKey, TValue>(List<KeyValuePair<TKey, TValue>>? entries)
            where TKey : notnull => entries is null ? ValueMap<TKey, TValue>.Empty : ValueMap<TKey, TValue>.From(entries);
    }
}
