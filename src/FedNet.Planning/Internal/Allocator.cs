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

    public AllocationDraft Run(IReadOnlyList<Service> services)
    {
        var ordered = services.OrderBy(s => s.Tenant, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

        // Networks and their ids.
        var networks = new SortedDictionary<NetworkKey, (Network Network, Service Service)>();
        foreach (var service in ordered)
        {
            foreach (var network in service.Networks)
                networks[new NetworkKey(service.Tenant, service.Name, network.Name)] = (network, service);
        }
        var nextNetworkId = _previous.NextNetworkId;
        var networkIds = new Dictionary<NetworkKey, int>(networks.Count);
        // Network specs in key order; vifs refer to them by index.
        var specs = new Dictionary<NetworkKey, NetworkSpec>(networks.Count);
        var specList = new NetworkSpec[networks.Count];
        var networkIndex = new Dictionary<NetworkKey, int>(networks.Count);
        foreach (var (key, (network, _)) in networks)
        {
            var id = _previous.NetworkIds.TryGetValue(key, out var kept) ? kept : nextNetworkId++;
            networkIds[key] = id;
            specList[networkIndex.Count] = specs[key] = new NetworkSpec { Key = key, Network = network, Id = id };
            networkIndex[key] = networkIndex.Count;
        }

        // VMs, their hosts, and vifs.
        var hosts = new Dictionary<VmKey, Host>();
        var vifs = new List<VifInput>();
        foreach (var service in ordered)
        {
            foreach (var vm in service.Vms.OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                var vmKey = new VmKey(service.Tenant, service.Name, vm.Name);
                var host = ChooseHost(vmKey, vm);
                if (host is null)
                    continue;
                hosts[vmKey] = host;
                var hostIndex = _topology.HostIndex[host.Name];
                var site = _topology.SiteIndex[host.Site];
                for (var i = 0; i < vm.Interfaces.Count; i++)
                {
                    var netKey = new NetworkKey(service.Tenant, service.Name, vm.Interfaces[i].Network);
                    if (networkIndex.TryGetValue(netKey, out var n))
                        vifs.Add(new VifInput(new VifKey(vmKey, i), vm.Interfaces[i], netKey, n, host, hostIndex, site));
                }
            }
        }

        var nextVifId = _previous.NextVifId;
        var vifIds = new Dictionary<VifKey, int>(vifs.Count);
        var vifIdOf = new int[vifs.Count];
        for (var i = 0; i < vifs.Count; i++)
            vifIds[vifs[i].Key] = vifIdOf[i] = _previous.VifIds.TryGetValue(vifs[i].Key, out var id) ? id : nextVifId++;

        var (macs, nextMac) = AllocateMacs(vifs);
        var ips = AllocateIps(vifs, specList);
        var ports = AllocatePorts(vifs);

        for (var i = 0; i < vifs.Count; i++)
        {
            if (!macs.Has[i] || !ips.Has[i] || !ports.Has[i])
                continue;
            var v = vifs[i];
            var spec = specList[v.Network];
            spec.Vifs.Add(new VifSpec(v.Key, vifIdOf[i], v.Host, v.Site, macs.Values[i], ips.Values[i], ports.Values[i].Ofport));
            spec.Sites.Add(v.Site);
        }

        var privateVlans = AllocatePrivateVlans(specs.Values);
        foreach (var spec in specs.Values)
            AddPaths(spec, networks[spec.Key].Network);
        var publicVlans = AllocatePublicVlans(specs.Values, networks);
        var tunnelKeys = AllocateTunnelKeys(specs.Values);
        var (policyIds, nextPolicyId) = AllocatePolicies(specs, networks);

        return new AllocationDraft(nextMac, nextNetworkId, nextVifId, nextPolicyId, networkIds, vifIds,
            hosts.ToDictionary(p => p.Key, p => p.Value.Name), macs.ToDictionary(vifs), ips.ToDictionary(vifs), ports.ToDictionary(vifs),
            privateVlans, publicVlans, tunnelKeys, policyIds, [.. specs.Values]);
    }

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
        return candidates[(int)(Fnv1a(key.ToString()) % (uint)candidates.Count)];
    }

    private (PerVif<ulong> Macs, ulong Next) AllocateMacs(List<VifInput> vifs)
    {
        var prefix = _topology.Federation.MacPrefix;
        var macs = new PerVif<ulong>(vifs.Count);
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

    private PerVif<uint> AllocateIps(List<VifInput> vifs, NetworkSpec[] networks)
    {
        var ips = new PerVif<uint>(vifs.Count);
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
            var set = Used(v.Network);
            var at = cursors[v.Network] ?? cidr.FirstHost;
            while (at <= cidr.LastHost && at >= cidr.FirstHost && set.Contains(at))
                at++;
            if (at > cidr.LastHost || at < cidr.FirstHost)
            {
                Report(Svc(v.Key), PlanSeverity.Error, $"no address left in {cidr} of {v.NetworkKey} for '{v.Key}'", v.Interface.Location);
                cursors[v.Network] = at;
                continue;
            }
            set.Add(at);
            ips.Set(i, at);
            cursors[v.Network] = at;
        }
        return ips;

        static uint? Fixed(VmInterface i) => i.Ip is { } a && Ipv4Cidr.TryToUInt32(a, out var value) ? value : null;
    }

    private PerVif<VifPort> AllocatePorts(List<VifInput> vifs)
    {
        var ports = new PerVif<VifPort>(vifs.Count);
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

    private Dictionary<SiteNetworkKey, int> AllocatePrivateVlans(IEnumerable<NetworkSpec> specs)
    {
        var result = new Dictionary<SiteNetworkKey, int>();
        var ordered = specs.OrderBy(s => s.Key).ToList();
        foreach (var spec in ordered)
        {
            foreach (var site in spec.Sites)
            {
                var key = new SiteNetworkKey(spec.Key, _topology.Sites[site].Name);
                if (_previous.PrivateVlans.TryGetValue(key, out var vlan) && _topology.Sites[site].PrivateVlans.Contains(vlan) && ClaimVlan(site, vlan))
                {
                    result[key] = vlan;
                    spec.Vlans[site] = vlan;
                }
            }
        }
        var cursors = new Dictionary<int, long>();
        foreach (var spec in ordered)
        {
            foreach (var site in spec.Sites.ToList())
            {
                var key = new SiteNetworkKey(spec.Key, _topology.Sites[site].Name);
                if (result.ContainsKey(key))
                    continue;
                var range = _topology.Sites[site].PrivateVlans;
                var at = cursors.TryGetValue(site, out var c) ? c : range.First;
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
                    continue;
                }
                ClaimVlan(site, (int)at);
                result[key] = (int)at;
                spec.Vlans[site] = (int)at;
            }
        }
        return result;
    }

    private void AddPaths(NetworkSpec spec, Network network)
    {
        foreach (var a in spec.Sites)
        {
            foreach (var b in spec.Sites)
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
                foreach (var t in _topology.Path(a, b))
                    spec.Transits.Add(t);
            }
        }
    }

    private Dictionary<TransitNetworkKey, int> AllocatePublicVlans(
        IEnumerable<NetworkSpec> specs, SortedDictionary<NetworkKey, (Network Network, Service Service)> networks)
    {
        var result = new Dictionary<TransitNetworkKey, int>();
        foreach (var spec in specs)
        {
            var service = networks[spec.Key].Service;
            foreach (var t in spec.Transits)
            {
                var transit = _topology.Transits[t];
                if (transit.Kind != TransitKind.Vpls || transit.PublicVlans.Count == 0)
                    continue;
                var key = new TransitNetworkKey(spec.Key, transit.Name);
                var asked = service.Policies.FirstOrDefault(p => p.Network == spec.Network.Name && p.Transit == transit.Name && p.Vlan is not null)?.Vlan;
                int vlan;
                if (asked is { } a && transit.PublicVlans.Contains(a))
                    vlan = a;
                else if (asked is null && _previous.PublicVlans.TryGetValue(key, out var prev) && transit.PublicVlans.Contains(prev))
                    vlan = prev;
                else
                    vlan = transit.PublicVlans[spec.Id % transit.PublicVlans.Count];
                result[key] = vlan;
                spec.PublicVlans[t] = vlan;
            }
        }
        return result;
    }

    private Dictionary<TransitNetworkKey, int> AllocateTunnelKeys(IEnumerable<NetworkSpec> specs)
    {
        var range = _topology.Federation.TunnelKeyRange;
        var result = new Dictionary<TransitNetworkKey, int>();
        var ordered = specs.OrderBy(s => s.Key).ToList();
        foreach (var spec in ordered)
        {
            foreach (var t in spec.Transits)
            {
                var key = new TransitNetworkKey(spec.Key, _topology.Transits[t].Name);
                if (_topology.Transits[t].Kind == TransitKind.Tunnel && _previous.TunnelKeys.TryGetValue(key, out var k) && range.Contains(k)
                    && ClaimKey(t, k))
                {
                    result[key] = k;
                    spec.TunnelKeys[t] = k;
                }
            }
        }
        var cursors = new Dictionary<int, long>();
        foreach (var spec in ordered)
        {
            foreach (var t in spec.Transits)
            {
                var key = new TransitNetworkKey(spec.Key, _topology.Transits[t].Name);
                if (_topology.Transits[t].Kind != TransitKind.Tunnel || result.ContainsKey(key))
                    continue;
                var at = cursors.TryGetValue(t, out var c) ? c : range.First;
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
                result[key] = (int)at;
                spec.TunnelKeys[t] = (int)at;
            }
        }
        return result;
    }

    private (Dictionary<PolicyKey, int> Ids, int Next) AllocatePolicies(
        Dictionary<NetworkKey, NetworkSpec> specs, SortedDictionary<NetworkKey, (Network Network, Service Service)> networks)
    {
        var ids = new Dictionary<PolicyKey, int>();
        var next = _previous.NextPolicyId;
        // By reference: Service is a record, and its value hash walks every VM and interface of the service.
        var services = networks.Values.Select(v => v.Service).Distinct<Service>(ReferenceEqualityComparer.Instance).ToList();
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
        foreach (var (key, policy, transit, a, b) in applied)
        {
            if (!specs.TryGetValue(key.Network, out var spec))
                continue;
            var id = _previous.PolicyIds.TryGetValue(key, out var prev) ? prev : next++;
            ids[key] = id;
            spec.Policies.Add(new PolicySpec(key, policy, id, transit, a, b));
        }
        return (ids, next);
    }

    private static ServiceKey Svc(VifKey key) => new(key.Vm.Tenant, key.Vm.Service);

    private static ServiceKey Svc(NetworkKey key) => new(key.Tenant, key.Service);

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
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

/// <summary>A value per vif of an allocator run, by the vif's index in the run, or none.</summary>
internal sealed class PerVif<T>(int count)
{
    public T[] Values { get; } = new T[count];

    public bool[] Has { get; } = new bool[count];

    public void Set(int index, T value)
    {
        Values[index] = value;
        Has[index] = true;
    }

    /// <summary>The values by vif key (what the allocation maps are made of).</summary>
    public Dictionary<VifKey, T> ToDictionary(List<VifInput> vifs)
    {
        var result = new Dictionary<VifKey, T>(vifs.Count);
        for (var i = 0; i < vifs.Count; i++)
        {
            if (Has[i])
                result[vifs[i].Key] = Values[i];
        }
        return result;
    }
}

/// <summary>What one allocator run produced (only the services it ran over).</summary>
internal sealed record AllocationDraft(
    ulong NextMacSuffix,
    int NextNetworkId,
    int NextVifId,
    int NextPolicyId,
    Dictionary<NetworkKey, int> NetworkIds,
    Dictionary<VifKey, int> VifIds,
    Dictionary<VmKey, string> Hosts,
    Dictionary<VifKey, ulong> Macs,
    Dictionary<VifKey, uint> Ips,
    Dictionary<VifKey, VifPort> Ports,
    Dictionary<SiteNetworkKey, int> PrivateVlans,
    Dictionary<TransitNetworkKey, int> PublicVlans,
    Dictionary<TransitNetworkKey, int> TunnelKeys,
    Dictionary<PolicyKey, int> PolicyIds,
    List<NetworkSpec> Networks);
