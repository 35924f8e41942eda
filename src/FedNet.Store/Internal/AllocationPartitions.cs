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

    /// <summary>
    /// The partitions of <paramref name="now"/> from those of <paramref name="before"/> (<paramref name="previous"/>) by
    /// walking each changed map beside its old version (both sorted the same way, so one pass of key comparisons and no
    /// hashing) and editing only the services where an entry was added, removed or changed. Null when that cannot be
    /// done (a previous partition without its entries, maps sorted differently): the caller then uses <see cref="Split"/>.
    /// </summary>
    public static Dictionary<ServiceKey, Partition>? Update(Allocations before, Allocations now, Dictionary<ServiceKey, Partition> previous)
    {
        var changed = new Dictionary<ServiceKey, Part>();
        var ok = Walk(before.NetworkIds, now.NetworkIds, k => new(k.Tenant, k.Service), previous, changed, p => p.NetworkIds, (p, l) => p.NetworkIds = l)
            && Walk(before.VifIds, now.VifIds, k => new(k.Vm.Tenant, k.Vm.Service), previous, changed, p => p.VifIds, (p, l) => p.VifIds = l)
            && Walk(before.Hosts, now.Hosts, k => new(k.Tenant, k.Service), previous, changed, p => p.Hosts, (p, l) => p.Hosts = l)
            && Walk(before.Macs, now.Macs, k => new(k.Vm.Tenant, k.Vm.Service), previous, changed, p => p.Macs, (p, l) => p.Macs = l)
            && Walk(before.Ips, now.Ips, k => new(k.Vm.Tenant, k.Vm.Service), previous, changed, p => p.Ips, (p, l) => p.Ips = l)
            && Walk(before.Ports, now.Ports, k => new(k.Vm.Tenant, k.Vm.Service), previous, changed, p => p.Ports, (p, l) => p.Ports = l)
            && Walk(before.PrivateVlans, now.PrivateVlans, k => new(k.Network.Tenant, k.Network.Service), previous, changed,
                p => p.PrivateVlans, (p, l) => p.PrivateVlans = l)
            && Walk(before.PublicVlans, now.PublicVlans, k => new(k.Network.Tenant, k.Network.Service), previous, changed,
                p => p.PublicVlans, (p, l) => p.PublicVlans = l)
            && Walk(before.TunnelKeys, now.TunnelKeys, k => new(k.Network.Tenant, k.Network.Service), previous, changed,
                p => p.TunnelKeys, (p, l) => p.TunnelKeys = l)
            && Walk(before.PolicyIds, now.PolicyIds, k => new(k.Network.Tenant, k.Network.Service), previous, changed,
                p => p.PolicyIds, (p, l) => p.PolicyIds = l);
        if (!ok)
            return null;
        var next = new Dictionary<ServiceKey, Partition>(previous);
        foreach (var (key, part) in changed)
        {
            if (part.IsEmpty)
                next.Remove(key);
            else
                next[key] = new Partition(part, AllocationsJson.Serialize(part.ToAllocations()));
        }
        return next;
    }

    private static bool Walk<TKey, TValue>(ValueMap<TKey, TValue> before, ValueMap<TKey, TValue> now, Func<TKey, ServiceKey> owner,
        Dictionary<ServiceKey, Partition> previous, Dictionary<ServiceKey, Part> changed,
        Func<Part, List<KeyValuePair<TKey, TValue>>?> get, Action<Part, List<KeyValuePair<TKey, TValue>>?> set)
        where TKey : notnull
    {
        if (ReferenceEquals(before.Items, now.Items))
            return true;
        var comparer = now.Items.KeyComparer;
        if (!ReferenceEquals(comparer, before.Items.KeyComparer))
            return false;
        var values = EqualityComparer<TValue>.Default;
        var edits = new Dictionary<ServiceKey, SortedDictionary<TKey, TValue>>();
        var failed = false;
        SortedDictionary<TKey, TValue> Edit(TKey key)
        {
            var service = owner(key);
            if (edits.TryGetValue(service, out var edit))
                return edit;
            if (!changed.TryGetValue(service, out var part))
            {
                if (previous.TryGetValue(service, out var old))
                {
                    if (old.Entries is null)
                        failed = true;
                    part = old.Entries?.Clone() ?? new Part();
                }
                else
                {
                    part = new Part();
                }
                changed.Add(service, part);
            }
            edit = new SortedDictionary<TKey, TValue>(comparer);
            foreach (var (k, v) in get(part) ?? [])
                edit.Add(k, v);
            edits.Add(service, edit);
            return edit;
        }

        using var a = before.Items.GetEnumerator();
        using var b = now.Items.GetEnumerator();
        bool hasA = a.MoveNext(), hasB = b.MoveNext();
        while (hasA || hasB)
        {
            var c = !hasA ? 1 : !hasB ? -1 : comparer.Compare(a.Current.Key, b.Current.Key);
            if (c < 0)
            {
                Edit(a.Current.Key).Remove(a.Current.Key);
                hasA = a.MoveNext();
            }
            else if (c > 0)
            {
                Edit(b.Current.Key)[b.Current.Key] = b.Current.Value;
                hasB = b.MoveNext();
            }
            else
            {
                if (!values.Equals(a.Current.Value, b.Current.Value))
                    Edit(b.Current.Key)[b.Current.Key] = b.Current.Value;
                hasA = a.MoveNext();
                hasB = b.MoveNext();
            }
        }
        foreach (var (service, edit) in edits)
            set(changed[service], edit.Count == 0 ? null : [.. edit]);
        return !failed;
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

        public bool IsEmpty => NetworkIds is null && VifIds is null && Hosts is null && Macs is null && Ips is null && Ports is null
            && PrivateVlans is null && PublicVlans is null && TunnelKeys is null && PolicyIds is null;

        public Part Clone() => (Part)MemberwiseClone();

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
