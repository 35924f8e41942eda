using System.Numerics;
using System.Runtime.CompilerServices;
using FedNet.Model;

namespace FedNet.Planning.Internal;

/// <summary>
/// Allocates ids, hosts, MACs, IPs, ports, VLANs and keys. Each resource goes through the same three passes, in the
/// canonical (sorted key) order: keep what was allocated before and is still valid; then honour fixed values from the
/// description; then hand out new values. The result depends only on the inputs, never on the order services arrive in.
/// </summary>
internal sealed class Allocator
{
    private const int FirstVifOfport = 100;
    private const int MaxOfport = 0xFEFF;

    private readonly Topology _topology;
    private readonly Allocations _previous;
    private readonly List<(ServiceKey Service, PlanDiagnostic Diagnostic)> _diagnostics;
    private readonly UsedIndex? _external;
    private readonly UsedIndex? _exclude;

    /// <summary>
    /// An allocator over <paramref name="previous"/>. With <paramref name="external"/>, values in it count as taken
    /// unless they are in <paramref name="exclude"/> (the changed services' own previous values): an incremental run
    /// over a few services sees the rest of the federation without copying it.
    /// </summary>
    public Allocator(Topology topology, Allocations previous, List<(ServiceKey, PlanDiagnostic)> diagnostics,
        UsedIndex? external = null, UsedIndex? exclude = null)
    {
        _topology = topology;
        _previous = previous;
        _diagnostics = diagnostics;
        _external = external;
        _exclude = exclude;
    }

    /// <summary>Values claimed by this run.</summary>
    public HashSet<ulong> Macs { get; } = [];
    public HashSet<(int Site, int Vlan)> Vlans { get; } = [];
    public HashSet<(int Transit, int Key)> Keys { get; } = [];
    /// <summary>Vif ports claimed, as <see cref="Topology.PortKey(int, int)"/>s.</summary>
    public HashSet<long> PortsUsed { get; } = [];

    private bool ClaimMac(ulong mac) => !Taken(_external?.Macs, _exclude?.Macs, mac) && Macs.Add(mac);
    private bool ClaimVlan(int site, int vlan) => !Taken(_external?.Vlans, _exclude?.Vlans, (site, vlan)) && Vlans.Add((site, vlan));
    private bool ClaimKey(int transit, int key) => !Taken(_external?.TunnelKeys, _exclude?.TunnelKeys, (transit, key)) && Keys.Add((transit, key));
    private bool ClaimPort(long port) => !Taken(_external?.Ports, _exclude?.Ports, port) && PortsUsed.Add(port);
    private bool IsTakenVlan(int site, int vlan) => Vlans.Contains((site, vlan)) || Taken(_external?.Vlans, _exclude?.Vlans, (site, vlan));
    private bool IsTakenKey(int transit, int key) => Keys.Contains((transit, key)) || Taken(_external?.TunnelKeys, _exclude?.TunnelKeys, (transit, key));
    private bool IsTakenPort(long port) => PortsUsed.Contains(port) || Taken(_external?.Ports, _exclude?.Ports, port);

    private static bool Taken<T>(LayeredSet<T>? external, LayeredSet<T>? exclude, T value)
        where T : notnull => external is not null && external.Contains(value) && !(exclude?.Contains(value) ?? false);

    private void Report(ServiceKey service, PlanSeverity severity, string message, SourceLocation location) =>
        _diagnostics.Add((service, new PlanDiagnostic(severity, message, location)));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public AllocationDraft Run(IReadOnlyList<Service> services)
    {
        // The planner passes services already in key order: check that (one comparison each) rather than sort them.
        var ordered = Ordering.InOrder(services, s => new ServiceKey(s.Tenant, s.Name), Comparer<ServiceKey>.Default);

        // Networks in key order (a later duplicate of a key wins, as in a dictionary), with their ids.
        var networks = NetworksInOrder(ordered);
        var nextNetworkId = _previous.NextNetworkId;
        var networkIds = new List<KeyValuePair<NetworkKey, int>>(networks.Length);
        // Network specs in key order; vifs refer to them by index.
        var specList = new NetworkSpec[networks.Length];
        for (var n = 0; n < networks.Length; n++)
        {
            var (key, network, _) = networks[n];
            var id = _previous.NetworkIds.TryGetValue(key, out var kept) ? kept : nextNetworkId++;
            networkIds.Add(KeyValuePair.Create(key, id));
            specList[n] = new NetworkSpec { Key = key, Network = network, Id = id };
        }

        // VMs, their hosts, and vifs. Services and networks are in the same key order, so each service's networks are
        // the next run of entries: found by walking both lists together instead of hashing a NetworkKey per vif.
        // Sized up front: growing lists of 100,000 structs copies them over and over, and the copies are garbage.
        var (vmCount, interfaceCount) = (0, 0);
        foreach (var service in ordered)
        {
            vmCount += service.Vms.Count;
            foreach (var vm in service.Vms)
                interfaceCount += vm.Interfaces.Count;
        }
        var hosts = new List<KeyValuePair<VmKey, string>>(vmCount);
        var vifs = new List<VifInput>(interfaceCount);
        var run = 0;
        foreach (var service in ordered)
        {
            var serviceKey = new ServiceKey(service.Tenant, service.Name);
            while (run < networks.Length && Svc(networks[run].Key).CompareTo(serviceKey) < 0)
                run++;
            var runEnd = run;
            while (runEnd < networks.Length && Svc(networks[runEnd].Key).CompareTo(serviceKey) == 0)
                runEnd++;
            foreach (var vm in Ordering.InOrder(service.Vms, v => v.Name, StringComparer.Ordinal))
            {
                var vmKey = new VmKey(service.Tenant, service.Name, vm.Name);
                var host = ChooseHost(vmKey, vm);
                if (host is null)
                    continue;
                hosts.Add(KeyValuePair.Create(vmKey, host.Name));
                var hostIndex = _topology.HostIndex[host.Name];
                var site = _topology.HostSite[hostIndex] is var known and >= 0 ? known : _topology.SiteIndex[host.Site];
                for (var i = 0; i < vm.Interfaces.Count; i++)
                {
                    var n = FindNetwork(networks, run, runEnd, vm.Interfaces[i].Network);
                    if (n >= 0)
                        vifs.Add(new VifInput(new VifKey(vmKey, i), vm.Interfaces[i], networks[n].Key, n, host, hostIndex, site));
                }
            }
        }

        var nextVifId = _previous.NextVifId;
        // The per-vif results share one array of keys, from which their maps are built (no list of pairs per map).
        var vifKeys = new VifKey[vifs.Count];
        for (var i = 0; i < vifs.Count; i++)
            vifKeys[i] = vifs[i].Key;
        var vifIds = new PerVif<int>(vifKeys);
        for (var i = 0; i < vifs.Count; i++)
            vifIds.Set(i, _previous.VifIds.TryGetValue(vifs[i].Key, out var id) ? id : nextVifId++);

        var (macs, nextMac) = AllocateMacs(vifs, vifKeys);
        var ips = AllocateIps(vifs, vifKeys, specList);
        var ports = AllocatePorts(vifs, vifKeys);

        // Each network's sites (and below its transits) also as a bit mask while there are at most 64: the passes below
        // walk them as arrays instead of enumerating a SortedSet (an enumerator and its stack each time).
        var siteMasks = _topology.Sites.Length <= 64 ? new ulong[specList.Length] : null;
        for (var i = 0; i < vifs.Count; i++)
        {
            if (!macs.Has[i] || !ips.Has[i] || !ports.Has[i])
                continue;
            var v = vifs[i];
            var spec = specList[v.Network];
            spec.Vifs.Add(new VifSpec(v.Key, vifIds.Values[i], v.Host, v.Site, macs.Values[i], ips.Values[i], ports.Values[i].Ofport));
            if (siteMasks is null)
            {
                spec.Sites.Add(v.Site);
            }
            else if ((siteMasks[v.Network] & (1UL << v.Site)) == 0)
            {
                siteMasks[v.Network] |= 1UL << v.Site;
                spec.Sites.Add(v.Site);
            }
        }
        var sitesOf = new int[specList.Length][];
        for (var n = 0; n < specList.Length; n++)
            sitesOf[n] = siteMasks is null ? [.. specList[n].Sites] : Members(siteMasks[n]);

        var privateVlans = AllocatePrivateVlans(specList, sitesOf);
        var transitsOf = new int[specList.Length][];
        for (var n = 0; n < specList.Length; n++)
            transitsOf[n] = AddPaths(specList[n], sitesOf[n]);
        var publicVlans = AllocatePublicVlans(specList, transitsOf, networks);
        var tunnelKeys = AllocateTunnelKeys(specList, transitsOf);
        var (policyIds, nextPolicyId) = AllocatePolicies(specList, networks);

        return new AllocationDraft(nextMac, nextNetworkId, nextVifId, nextPolicyId, networkIds, vifIds, hosts,
            macs, ips, ports, privateVlans, publicVlans, tunnelKeys, policyIds, [.. specList]);
    }

    /// <summary>The members of a bit set, ascending.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Members(ulong mask)
    {
        if (mask == 0)
            return [];
        var result = new int[BitOperations.PopCount(mask)];
        for (var i = 0; mask != 0; i++)
        {
            result[i] = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }
        return result;
    }

    /// <summary>
    /// Every network of <paramref name="services"/> (in service key order) sorted by key; of entries with equal keys
    /// the last one stays, as when they were set one by one into a sorted dictionary.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (NetworkKey Key, Network Network, Service Service)[] NetworksInOrder(IReadOnlyList<Service> services)
    {
        var count = 0;
        foreach (var service in services)
            count += service.Networks.Count;
        var all = new List<(NetworkKey Key, Network Network, Service Service)>(count);
        foreach (var service in services)
        {
            foreach (var network in service.Networks)
                all.Add((new NetworkKey(service.Tenant, service.Name, network.Name), network, service));
        }
        var sorted = true;
        for (var i = 1; i < all.Count && sorted; i++)
            sorted = all[i - 1].Key.CompareTo(all[i].Key) < 0;
        if (sorted)
            return [.. all];
        var byKey = new SortedDictionary<NetworkKey, (NetworkKey Key, Network Network, Service Service)>();
        foreach (var entry in all)
            byKey[entry.Key] = entry;
        return [.. byKey.Values];
    }

    /// <summary>The index of the network named <paramref name="name"/> among entries [from, to) (one service's, sorted by name), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindNetwork((NetworkKey Key, Network Network, Service Service)[] networks, int from, int to, string name)
    {
        var lo = from;
        var hi = to - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = string.CompareOrdinal(networks[mid].Key.Network, name);
            if (c == 0)
                return mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Host? ChooseHost(VmKey key, Vm vm)
    {
        if (vm.Host is { } named)
        {
            if (_topology.HostsByName.TryGetValue(named, out var h))
                return h;
            Report(new(key.Tenant, key.Service), PlanSeverity.Error, $"VM '{key}' is placed on unknown host '{named}'", vm.Location);
            return null;
        }
        if (vm.Site is not { } site || !_topology.HostsBySite.TryGetValue(site, out var candidates) || candidates.Count == 0)
        {
            Report(new(key.Tenant, key.Service), PlanSeverity.Error, $"VM '{key}' has no host to run on in site '{vm.Site}'", vm.Location);
            return null;
        }
        if (_previous.Hosts.TryGetValue(key, out var previous) && _topology.HostsByName.TryGetValue(previous, out var kept) && kept.Site == site)
            return kept;
        // A stable hash of the VM's name spreads VMs over the site's hosts without depending on what else is planned.
        return candidates[(int)(Fnv1a(key) % (uint)candidates.Count)];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (PerVif<ulong> Macs, ulong Next) AllocateMacs(List<VifInput> vifs, VifKey[] keys)
    {
        var prefix = _topology.Federation.MacPrefix;
        var macs = new PerVif<ulong>(keys);
        Macs.EnsureCapacity(Macs.Count + vifs.Count);
        for (var i = 0; i < vifs.Count; i++)
        {
            var v = vifs[i];
            if (_previous.Macs.TryGetValue(v.Key, out var mac) && (v.Interface.Mac is null || v.Interface.Mac.Value.Value == mac)
                && (v.Interface.Mac is not null || prefix.Contains(new MacAddress(mac))) && ClaimMac(mac))
                macs.Set(i, mac);
        }
        for (var i = 0; i < vifs.Count; i++)
        {
            var v = vifs[i];
            if (macs.Has[i] || v.Interface.Mac is not { } fixedMac)
                continue;
            if (ClaimMac(fixedMac.Value))
                macs.Set(i, fixedMac.Value);
            else
                Report(Svc(v.Key), PlanSeverity.Error, $"MAC {fixedMac} of '{v.Key}' is already in use", v.Interface.Location);
        }
        // Suffixes 0 and all-ones are never handed out.
        var capacity = prefix.Capacity;
        var next = _previous.NextMacSuffix;
        for (var i = 0; i < vifs.Count; i++)
        {
            var v = vifs[i];
            if (macs.Has[i] || v.Interface.Mac is not null)
                continue;
            var found = false;
            for (ulong tries = 0; tries < capacity; tries++)
            {
                if (next == 0 || next >= capacity - 1)
                    next = 1;
                var candidate = prefix.AddressAt(next).Value;
                next++;
                if (ClaimMac(candidate))
                {
                    macs.Set(i, candidate);
                    found = true;
                    break;
                }
            }
            if (!found)
                Report(Svc(v.Key), PlanSeverity.Error, $"no MAC left under prefix {prefix} for '{v.Key}'", v.Interface.Location);
        }
        return (macs, next);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PerVif<uint> AllocateIps(List<VifInput> vifs, VifKey[] keys, NetworkSpec[] networks)
    {
        var ips = new PerVif<uint>(keys);
        var used = new HashSet<uint>?[networks.Length];
        HashSet<uint> Used(int n) => used[n] ??= [];
        for (var i = 0; i < vifs.Count; i++)
        {
            var v = vifs[i];
            var cidr = networks[v.Network].Network.Cidr;
            var fixedIp = Fixed(v.Interface);
            if (_previous.Ips.TryGetValue(v.Key, out var ip) && (fixedIp is null || fixedIp == ip) && cidr.IsUsableHost(ip) && Used(v.Network).Add(ip))
                ips.Set(i, ip);
        }
        for (var i = 0; i < vifs.Count; i++)
        {
            var v = vifs[i];
            if (ips.Has[i] || Fixed(v.Interface) is not { } fixedIp)
                continue;
            if (Used(v.Network).Add(fixedIp))
                ips.Set(i, fixedIp);
            else
                Report(Svc(v.Key), PlanSeverity.Error, $"IP {Ipv4Cidr.ToAddress(fixedIp)} of '{v.Key}' is already in use in {v.NetworkKey}",
                    v.Interface.Location);
        }
        var cursors = new uint?[networks.Length];
        for (var i = 0; i < vifs.Count; i++)
        {
            var v = vifs[i];
            if (ips.Has[i] || Fixed(v.Interface) is not null)
                continue;
            var cidr = networks[v.Network].Network.Cidr;
            // Without addresses kept or fixed, a network's only taken addresses are those below its cursor, so the
            // cursor itself is the next free one: no set to build for it.
            var set = used[v.Network];
            var at = cursors[v.Network] ?? cidr.FirstHost;
            while (at <= cidr.LastHost && at >= cidr.FirstHost && set is not null && set.Contains(at))
                at++;
            if (at > cidr.LastHost || at < cidr.FirstHost)
            {
                Report(Svc(v.Key), PlanSeverity.Error, $"no address left in {cidr} of {v.NetworkKey} for '{v.Key}'", v.Interface.Location);
                cursors[v.Network] = at;
                continue;
            }
            ips.Set(i, at);
            if (set is not null)
            {
                set.Add(at);
                cursors[v.Network] = at;
            }
            else
            {
                // The next free one; past the range (or wrapped) it is reported by the check above, as before.
                cursors[v.Network] = at + 1;
            }
        }
        return ips;

        static uint? Fixed(VmInterface i) => i.Ip is { } a && Ipv4Cidr.TryToUInt32(a, out var value) ? value : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PerVif<VifPort> AllocatePorts(List<VifInput> vifs, VifKey[] keys)
    {
        var ports = new PerVif<VifPort>(keys);
        PortsUsed.EnsureCapacity(PortsUsed.Count + vifs.Count);
        for (var i = 0; i < vifs.Count; i++)
        {
            var v = vifs[i];
            if (_previous.Ports.TryGetValue(v.Key, out var p) && p.Host == v.Host.Name && ClaimPort(Topology.PortKey(v.HostIndex, p.Ofport)))
                ports.Set(i, p);
        }
        var cursors = new int[_topology.HostIndex.Count];
        for (var i = 0; i < vifs.Count; i++)
        {
            if (ports.Has[i])
                continue;
            var v = vifs[i];
            var at = Math.Max(cursors[v.HostIndex], FirstVifOfport);
            while (at <= MaxOfport && IsTakenPort(Topology.PortKey(v.HostIndex, at)))
                at++;
            cursors[v.HostIndex] = at;
            if (at > MaxOfport)
            {
                Report(Svc(v.Key), PlanSeverity.Error, $"no switch port left on host '{v.Host.Name}' for '{v.Key}'", v.Interface.Location);
                continue;
            }
            ClaimPort(Topology.PortKey(v.HostIndex, at));
            ports.Set(i, new VifPort(v.Host.Name, at));
        }
        return ports;
    }

    /// <summary>Private VLANs; <paramref name="specs"/> are in key order (the canonical order of every pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<KeyValuePair<SiteNetworkKey, int>> AllocatePrivateVlans(NetworkSpec[] specs, int[][] sitesOf)
    {
        var result = new List<KeyValuePair<SiteNetworkKey, int>>(specs.Length * 2);
        if (_previous.PrivateVlans.Count != 0)
        {
            for (var n = 0; n < specs.Length; n++)
            {
                var spec = specs[n];
                foreach (var site in sitesOf[n])
                {
                    var key = new SiteNetworkKey(spec.Key, _topology.Sites[site].Name);
                    if (_previous.PrivateVlans.TryGetValue(key, out var vlan) && _topology.Sites[site].PrivateVlans.Contains(vlan)
                        && ClaimVlan(site, vlan))
                    {
                        result.Add(KeyValuePair.Create(key, vlan));
                        spec.Vlans[site] = vlan;
                    }
                }
            }
        }
        Vlans.EnsureCapacity(Vlans.Count + specs.Length);
        var cursors = new long?[_topology.Sites.Length];
        var exhausted = false;
        for (var n = 0; n < specs.Length; n++)
        {
            var spec = specs[n];
            // A snapshot: a site whose pool is exhausted is taken out of the spec below.
            foreach (var site in sitesOf[n])
            {
                if (spec.Vlans.ContainsKey(site))
                    continue;
                var range = _topology.Sites[site].PrivateVlans;
                var at = cursors[site] ?? range.First;
                while (at <= range.Last && IsTakenVlan(site, (int)at))
                    at++;
                cursors[site] = at;
                if (at > range.Last)
                {
                    Report(Svc(spec.Key), PlanSeverity.Error,
                        $"no private VLAN left in site '{_topology.Sites[site].Name}' ({range}) for network {spec.Key}", spec.Network.Location);
                    // Without a tag the network cannot exist in that site: leave its vifs there out.
                    spec.Vifs.RemoveAll(v => v.Site == site);
                    spec.Sites.Remove(site);
                    exhausted = true;
                    continue;
                }
                ClaimVlan(site, (int)at);
                result.Add(KeyValuePair.Create(new SiteNetworkKey(spec.Key, _topology.Sites[site].Name), (int)at));
                spec.Vlans[site] = (int)at;
            }
            if (exhausted)
            {
                sitesOf[n] = [.. spec.Sites];
                exhausted = false;
            }
        }
        return result;
    }

    /// <summary>Adds the transits on the paths between the network's sites; returns them, ascending.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int[] AddPaths(NetworkSpec spec, int[] sites)
    {
        var network = spec.Network;
        var mask = 0UL;
        foreach (var a in sites)
        {
            foreach (var b in sites)
            {
                if (a == b)
                    continue;
                if (!_topology.Reachable(a, b))
                {
                    if (a < b)
                    {
                        Report(Svc(spec.Key), PlanSeverity.Error,
                            $"network {spec.Key} has vifs in sites '{_topology.Sites[a].Name}' and '{_topology.Sites[b].Name}' but no transit path joins them",
                            network.Location);
                    }
                    continue;
                }
                // Topology.Path without its list: the next hops from a toward b.
                for (var at = a; at != b;)
                {
                    var t = _topology.NextHop[b][at];
                    if (t < 64)
                    {
                        if ((mask & (1UL << t)) == 0)
                        {
                            mask |= 1UL << t;
                            spec.Transits.Add(t);
                        }
                    }
                    else
                    {
                        spec.Transits.Add(t);
                    }
                    at = _topology.OtherEnd(t, at);
                }
            }
        }
        return _topology.Transits.Length <= 64 ? Members(mask) : [.. spec.Transits];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<KeyValuePair<TransitNetworkKey, int>> AllocatePublicVlans(
        NetworkSpec[] specs, int[][] transitsOf, (NetworkKey Key, Network Network, Service Service)[] networks)
    {
        var result = new List<KeyValuePair<TransitNetworkKey, int>>(specs.Length);
        for (var n = 0; n < specs.Length; n++)
        {
            var spec = specs[n];
            var service = networks[n].Service;
            foreach (var t in transitsOf[n])
            {
                var transit = _topology.Transits[t];
                if (transit.Kind != TransitKind.Vpls || transit.PublicVlans.Count == 0)
                    continue;
                var key = new TransitNetworkKey(spec.Key, transit.Name);
                var asked = AskedVlan(service, spec.Network.Name, transit.Name);
                int vlan;
                if (asked is { } a && transit.PublicVlans.Contains(a))
                    vlan = a;
                else if (asked is null && _previous.PublicVlans.TryGetValue(key, out var prev) && transit.PublicVlans.Contains(prev))
                    vlan = prev;
                else
                    vlan = transit.PublicVlans[spec.Id % transit.PublicVlans.Count];
                result.Add(KeyValuePair.Create(key, vlan));
                spec.PublicVlans[t] = vlan;
            }
        }
        return result;

        // The first policy of the network on the transit that asks for a VLAN.
        static int? AskedVlan(Service service, string network, string transit)
        {
            foreach (var p in service.Policies)
            {
                if (p.Network == network && p.Transit == transit && p.Vlan is not null)
                    return p.Vlan;
            }
            return null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<KeyValuePair<TransitNetworkKey, int>> AllocateTunnelKeys(NetworkSpec[] specs, int[][] transitsOf)
    {
        var range = _topology.Federation.TunnelKeyRange;
        var result = new List<KeyValuePair<TransitNetworkKey, int>>(specs.Length);
        if (_previous.TunnelKeys.Count != 0)
        {
            for (var n = 0; n < specs.Length; n++)
            {
                var spec = specs[n];
                foreach (var t in transitsOf[n])
                {
                    if (_topology.Transits[t].Kind != TransitKind.Tunnel)
                        continue;
                    var key = new TransitNetworkKey(spec.Key, _topology.Transits[t].Name);
                    if (_previous.TunnelKeys.TryGetValue(key, out var k) && range.Contains(k) && ClaimKey(t, k))
                    {
                        result.Add(KeyValuePair.Create(key, k));
                        spec.TunnelKeys[t] = k;
                    }
                }
            }
        }
        var cursors = new long?[_topology.Transits.Length];
        for (var n = 0; n < specs.Length; n++)
        {
            var spec = specs[n];
            foreach (var t in transitsOf[n])
            {
                if (_topology.Transits[t].Kind != TransitKind.Tunnel || spec.TunnelKeys.ContainsKey(t))
                    continue;
                var at = cursors[t] ?? range.First;
                while (at <= range.Last && IsTakenKey(t, (int)at))
                    at++;
                cursors[t] = at;
                if (at > range.Last)
                {
                    Report(Svc(spec.Key), PlanSeverity.Error,
                        $"no tunnel key left ({range}) on transit '{_topology.Transits[t].Name}' for network {spec.Key}", spec.Network.Location);
                    continue;
                }
                ClaimKey(t, (int)at);
                result.Add(KeyValuePair.Create(new TransitNetworkKey(spec.Key, _topology.Transits[t].Name), (int)at));
                spec.TunnelKeys[t] = (int)at;
            }
        }
        return result;
    }

    private (List<KeyValuePair<PolicyKey, int>> Ids, int Next) AllocatePolicies(
        NetworkSpec[] specList, (NetworkKey Key, Network Network, Service Service)[] networks)
    {
        var ids = new List<KeyValuePair<PolicyKey, int>>();
        var next = _previous.NextPolicyId;
        // By reference: Service is a record, and its value hash walks every VM and interface of the service.
        var services = networks.Select(v => v.Service).Distinct<Service>(ReferenceEqualityComparer.Instance).Where(s => s.Policies.Count > 0).ToList();
        if (services.Count == 0)
            return (ids, next);
        var applied = new List<(PolicyKey Key, Policy Policy, int Transit, string? A, string? B)>();
        foreach (var service in services)
        {
            foreach (var policy in service.Policies)
            {
                if (policy.Rate is null && policy.Guaranteed is null)
                    continue;
                if (policy.Network is { } net)
                {
                    var t = Array.FindIndex(_topology.Transits, x => x.Name == policy.Transit);
                    applied.Add((new PolicyKey(new NetworkKey(service.Tenant, service.Name, net), policy.Name), policy, t, null, null));
                }
                else if (policy.Between is [var a, var b])
                {
                    var netsA = service.Vms.FirstOrDefault(v => v.Name == a)?.Interfaces.Select(i => i.Network).ToHashSet(StringComparer.Ordinal) ?? [];
                    var netsB = service.Vms.FirstOrDefault(v => v.Name == b)?.Interfaces.Select(i => i.Network).ToHashSet(StringComparer.Ordinal) ?? [];
                    netsA.IntersectWith(netsB);
                    if (netsA.Count == 0)
                    {
                        Report(new(service.Tenant, service.Name), PlanSeverity.Error, $"policy '{policy.Name}': VMs '{a}' and '{b}' share no network",
                            policy.Location);
                        continue;
                    }
                    foreach (var n in netsA.Order(StringComparer.Ordinal))
                        applied.Add((new PolicyKey(new NetworkKey(service.Tenant, service.Name, n), policy.Name), policy, -1, a, b));
                }
            }
        }
        applied.Sort((x, y) => x.Key.CompareTo(y.Key));
        var specs = specList.ToDictionary(s => s.Key);
        foreach (var (key, policy, transit, a, b) in applied)
        {
            if (!specs.TryGetValue(key.Network, out var spec))
                continue;
            var id = _previous.PolicyIds.TryGetValue(key, out var prev) ? prev : next++;
            ids.Add(KeyValuePair.Create(key, id));
            spec.Policies.Add(new PolicySpec(key, policy, id, transit, a, b));
        }
        return (ids, next);
    }

    private static ServiceKey Svc(VifKey key) => new(key.Vm.Tenant, key.Vm.Service);

    private static ServiceKey Svc(NetworkKey key) => new(key.Tenant, key.Service);

    /// <summary>FNV-1a of the key's text form "tenant/service/vm", without building that string.</summary>
    private static uint Fnv1a(VmKey key)
    {
        var hash = Fnv1a(2166136261u, key.Tenant);
        hash = Fnv1a(hash, "/");
        hash = Fnv1a(hash, key.Service);
        hash = Fnv1a(hash, "/");
        return Fnv1a(hash, key.Vm);
    }

    private static uint Fnv1a(uint hash, string text)
    {
        foreach (var ch in text)
        {
            hash ^= ch;
            hash *= 16777619u;
        }
        return hash;
    }
}

/// <summary>
/// One vif of an allocator run with what its allocation needs looked up once: <see cref="Network"/> is the index of its
/// network in the run's key order and <see cref="HostIndex"/> the topology's host number, so the passes index arrays
/// instead of hashing three strings of a <see cref="VifKey"/> at every step.
/// </summary>
internal readonly record struct VifInput(VifKey Key, VmInterface Interface, NetworkKey NetworkKey, int Network, Host Host, int HostIndex, int Site);

/// <summary>A value per vif of an allocator run, by the vif's index in the run (its key in <see cref="Keys"/>), or none.</summary>
internal sealed class PerVif<T>(VifKey[] keys)
{
    public VifKey[] Keys { get; } = keys;

    public T[] Values { get; } = new T[keys.Length];

    public bool[] Has { get; } = new bool[keys.Length];

    public void Set(int index, T value)
    {
        Values[index] = value;
        Has[index] = true;
    }

    /// <summary>
    /// The values by vif key as a map, inserted in the run's (key) order: built straight from the arrays, without a list of
    /// pairs or a dictionary in between (later duplicates win).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ValueMap<VifKey, T> ToMap()
    {
        var builder = ValueMap<VifKey, T>.Empty.Items.ToBuilder();
        for (var i = 0; i < Keys.Length; i++)
        {
            if (Has[i])
                builder[Keys[i]] = Values[i];
        }
        return builder.Count == 0 ? ValueMap<VifKey, T>.Empty : new(builder.ToImmutable());
    }

    /// <summary>The values by vif key (what an incremental plan looks entries up in).</summary>
    public Dictionary<VifKey, T> ToDictionary()
    {
        var result = new Dictionary<VifKey, T>(Keys.Length);
        for (var i = 0; i < Keys.Length; i++)
        {
            if (Has[i])
                result[Keys[i]] = Values[i];
        }
        return result;
    }
}

/// <summary>
/// What one allocator run produced (only the services it ran over). Each allocation comes as a list of entries in the
/// order the run made them (the per-vif ones as arrays by vif, in key order; a later entry for the same key wins), from
/// which a full plan builds its maps directly; the dictionaries an incremental plan looks entries up in are made on first use.
/// </summary>
internal sealed class AllocationDraft(
    ulong nextMacSuffix,
    int nextNetworkId,
    int nextVifId,
    int nextPolicyId,
    List<KeyValuePair<NetworkKey, int>> networkIds,
    PerVif<int> vifIds,
    List<KeyValuePair<VmKey, string>> hosts,
    PerVif<ulong> macs,
    PerVif<uint> ips,
    PerVif<VifPort> ports,
    List<KeyValuePair<SiteNetworkKey, int>> privateVlans,
    List<KeyValuePair<TransitNetworkKey, int>> publicVlans,
    List<KeyValuePair<TransitNetworkKey, int>> tunnelKeys,
    List<KeyValuePair<PolicyKey, int>> policyIds,
    List<NetworkSpec> networks)
{
    private Dictionary<NetworkKey, int>? _networkIds;
    private Dictionary<VifKey, int>? _vifIds;
    private Dictionary<VmKey, string>? _hosts;
    private Dictionary<VifKey, ulong>? _macs;
    private Dictionary<VifKey, uint>? _ips;
    private Dictionary<VifKey, VifPort>? _ports;
    private Dictionary<SiteNetworkKey, int>? _privateVlans;
    private Dictionary<TransitNetworkKey, int>? _publicVlans;
    private Dictionary<TransitNetworkKey, int>? _tunnelKeys;
    private Dictionary<PolicyKey, int>? _policyIds;

    public ulong NextMacSuffix => nextMacSuffix;
    public int NextNetworkId => nextNetworkId;
    public int NextVifId => nextVifId;
    public int NextPolicyId => nextPolicyId;
    public List<NetworkSpec> Networks => networks;

    public List<KeyValuePair<NetworkKey, int>> NetworkIdList => networkIds;
    public PerVif<int> VifIdValues => vifIds;
    public List<KeyValuePair<VmKey, string>> HostList => hosts;
    public PerVif<ulong> MacValues => macs;
    public PerVif<uint> IpValues => ips;
    public PerVif<VifPort> PortValues => ports;
    public List<KeyValuePair<SiteNetworkKey, int>> PrivateVlanList => privateVlans;
    public List<KeyValuePair<TransitNetworkKey, int>> PublicVlanList => publicVlans;
    public List<KeyValuePair<TransitNetworkKey, int>> TunnelKeyList => tunnelKeys;
    public List<KeyValuePair<PolicyKey, int>> PolicyIdList => policyIds;

    public Dictionary<NetworkKey, int> NetworkIds => _networkIds ??= ToDictionary(networkIds);
    public Dictionary<VifKey, int> VifIds => _vifIds ??= vifIds.ToDictionary();
    public Dictionary<VmKey, string> Hosts => _hosts ??= ToDictionary(hosts);
    public Dictionary<VifKey, ulong> Macs => _macs ??= macs.ToDictionary();
    public Dictionary<VifKey, uint> Ips => _ips ??= ips.ToDictionary();
    public Dictionary<VifKey, VifPort> Ports => _ports ??= ports.ToDictionary();
    public Dictionary<SiteNetworkKey, int> PrivateVlans => _privateVlans ??= ToDictionary(privateVlans);
    public Dictionary<TransitNetworkKey, int> PublicVlans => _publicVlans ??= ToDictionary(publicVlans);
    public Dictionary<TransitNetworkKey, int> TunnelKeys => _tunnelKeys ??= ToDictionary(tunnelKeys);
    public Dictionary<PolicyKey, int> PolicyIds => _policyIds ??= ToDictionary(policyIds);

    private static Dictionary<TKey, TValue> ToDictionary<TKey, TValue>(List<KeyValuePair<TKey, TValue>> entries)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, TValue>(entries.Count);
        foreach (var (k, v) in entries)
            result[k] = v;
        return result;
    }
}
