namespace FedNet.Model.Internal;

/// <summary>The services' rules, checked against the federation and against each other.</summary>
internal static class ServiceChecks
{
    public static void Run(Inventory inventory, IReadOnlyList<Service> services, List<DescriptionError> errors)
    {
        var all = Checks.Each(services).ToList();
        Checks.Duplicates(errors, all, s => s.Tenant is null || s.Name is null ? null : $"{s.Tenant}/{s.Name}", s => s.Location,
            "service", "in the federation");
        var macs = new Dictionary<ulong, (string Owner, SourceLocation At)>();
        var uses = new List<NetworkUse>();
        foreach (var service in all)
        {
            CheckService(inventory, service, macs, uses, errors);
        }
        CheckTenantOverlaps(all, errors);
        CheckPrivateVlanPools(inventory, uses, errors);
        CheckTunnelKeys(inventory, uses, errors);
        CheckMacCapacity(inventory.Federation, all, errors);
        PolicyChecks.CheckGuaranteesFit(inventory, all, errors);
    }

    private static void CheckService(Inventory inventory, Service service, Dictionary<ulong, (string, SourceLocation)> macs,
        List<NetworkUse> uses, List<DescriptionError> errors)
    {
        Checks.Name(errors, service.Tenant, "tenant", Checks.At(service, "tenant", service.Location));
        Checks.Name(errors, service.Name, "service", Checks.At(service, "service", service.Location));
        var label = $"{service.Tenant}/{service.Name}";

        var networks = Checks.Each(service.Networks).ToList();
        Checks.Duplicates(errors, networks, n => n.Name, n => n.Location, "network", $"in service '{label}'");
        var byName = new Dictionary<string, NetworkUse>(StringComparer.Ordinal);
        foreach (var network in networks)
        {
            Checks.Name(errors, network.Name, "network", Checks.At(network, "name", network.Location));
            if (network.Cidr.PrefixLength is < 0 or > 32 || (network.Cidr.Address & network.Cidr.Mask) != network.Cidr.Address)
            {
                errors.Add(new(Checks.At(network, "cidr", network.Location), $"network '{network.Name}' has an invalid CIDR {network.Cidr}"));
            }
            if (!Enum.IsDefined(network.Arp))
            {
                errors.Add(new(Checks.At(network, "arp", network.Location), $"network '{network.Name}' has an unknown ARP mode; use switch or controller"));
            }
            if (network.Name is not null && !byName.ContainsKey(network.Name))
            {
                var use = new NetworkUse(service, network);
                byName[network.Name] = use;
                uses.Add(use);
            }
        }

        var vms = Checks.Each(service.Vms).ToList();
        Checks.Duplicates(errors, vms, v => v.Name, v => v.Location, "VM", $"in service '{label}'");
        foreach (var vm in vms)
        {
            CheckVm(inventory, service, vm, byName, macs, errors);
        }
        foreach (var use in byName.Values)
        {
            CheckNetworkUse(inventory, use, errors);
        }

        var vmsByName = new Dictionary<string, Vm>(StringComparer.Ordinal);
        foreach (var vm in vms.Where(v => v.Name is not null))
        {
            vmsByName.TryAdd(vm.Name, vm);
        }
        var policies = Checks.Each(service.Policies).ToList();
        Checks.Duplicates(errors, policies, p => p.Name, p => p.Location, "policy", $"in service '{label}'");
        foreach (var policy in policies)
        {
            PolicyChecks.Check(inventory, policy, byName, vmsByName, errors);
        }
    }

    private static void CheckVm(Inventory inventory, Service service, Vm vm, Dictionary<string, NetworkUse> networks,
        Dictionary<ulong, (string Owner, SourceLocation At)> macs, List<DescriptionError> errors)
    {
        Checks.Name(errors, vm.Name, "VM", Checks.At(vm, "name", vm.Location));
        string? site = null;
        var placementAt = Checks.At(vm, "placement", vm.Location);
        if ((vm.Site is null) == (vm.Host is null))
        {
            errors.Add(new(placementAt, $"VM '{vm.Name}' must be placed with exactly one of site or host, such as placement: {{ site: kuas }}"));
        }
        else if (vm.Host is not null)
        {
            if (inventory.Hosts.TryGetValue(vm.Host, out var entry))
            {
                site = entry.Site.Name;
            }
            else
            {
                errors.Add(new(Checks.At(vm, "host", placementAt),
                    $"VM '{vm.Name}' is placed on host '{vm.Host}', which is not defined{Checks.Known("hosts", inventory.Hosts.Keys)}"));
            }
        }
        else if (inventory.Sites.TryGetValue(vm.Site!, out var placed))
        {
            site = vm.Site;
            if (!Checks.Each(placed.Hosts).Any())
            {
                errors.Add(new(Checks.At(vm, "site", placementAt), $"VM '{vm.Name}' is placed in site '{vm.Site}', which has no hosts"));
            }
        }
        else
        {
            errors.Add(new(Checks.At(vm, "site", placementAt),
                $"VM '{vm.Name}' is placed in site '{vm.Site}', which is not defined{Checks.Known("sites", inventory.Sites.Keys)}"));
        }

        var interfaces = Checks.Each(vm.Interfaces).ToList();
        if (interfaces.Count == 0)
        {
            errors.Add(new(Checks.At(vm, "interfaces", vm.Location), $"VM '{vm.Name}' needs at least one interface"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vif in interfaces)
        {
            var networkAt = Checks.At(vif, "network", vif.Location);
            if (vif.Network is null || !networks.TryGetValue(vif.Network, out var use))
            {
                errors.Add(new(networkAt,
                    $"VM '{vm.Name}' has an interface on network '{vif.Network}', which service '{service.Tenant}/{service.Name}' does not define{Checks.Known("networks", networks.Keys)}"));
                use = null;
            }
            else if (!seen.Add(vif.Network))
            {
                errors.Add(new(networkAt, $"VM '{vm.Name}' has two interfaces on network '{vif.Network}'; give it one"));
            }
            else
            {
                use.Vifs.Add((vm, vif, site));
            }
            if (vif.Mac is { } mac)
            {
                CheckMac(inventory.Federation, service, vm, vif, mac, macs, errors);
            }
            if (vif.Ip is not null && use is not null)
            {
                CheckIp(use, vm, vif, errors);
            }
        }
    }

    private static void CheckMac(Federation federation, Service service, Vm vm, VmInterface vif, MacAddress mac,
        Dictionary<ulong, (string Owner, SourceLocation At)> macs, List<DescriptionError> errors)
    {
        var at = Checks.At(vif, "mac", vif.Location);
        if (mac.Value > 0xffff_ffff_ffffUL)
        {
            errors.Add(new(at, $"the MAC of VM '{vm.Name}' does not fit in 48 bits"));
            return;
        }
        if (mac.IsMulticast)
        {
            errors.Add(new(at, $"the MAC {mac} of VM '{vm.Name}' is a multicast address (the low bit of its first octet is set); a vif needs a unicast MAC"));
        }
        else if (!mac.IsLocallyAdministered)
        {
            errors.Add(new(at, $"the MAC {mac} of VM '{vm.Name}' is not locally administered (the 0x02 bit of its first octet is clear)"));
        }
        if (!federation.MacPrefix.Contains(mac))
        {
            errors.Add(new(at, $"the MAC {mac} of VM '{vm.Name}' is outside the federation's MAC prefix {federation.MacPrefix}"));
        }
        var owner = $"VM '{vm.Name}' of service '{service.Tenant}/{service.Name}'";
        if (!macs.TryAdd(mac.Value, (owner, at)))
        {
            var first = macs[mac.Value];
            errors.Add(new(at, $"the MAC {mac} is already taken by {first.Owner} (at {first.At}); MACs are unique in the whole federation"));
        }
    }

    private static void CheckIp(NetworkUse use, Vm vm, VmInterface vif, List<DescriptionError> errors)
    {
        var at = Checks.At(vif, "ip", vif.Location);
        var cidr = use.Network.Cidr;
        if (!Ipv4Cidr.TryToUInt32(vif.Ip, out var address))
        {
            errors.Add(new(at, $"the address {vif.Ip} of VM '{vm.Name}' is not IPv4"));
        }
        else if (!cidr.Contains(address))
        {
            errors.Add(new(at, $"the address {vif.Ip} of VM '{vm.Name}' is outside network '{use.Network.Name}' ({cidr})"));
        }
        else if (!cidr.IsUsableHost(address))
        {
            var which = address == cidr.Address ? "network" : "broadcast";
            errors.Add(new(at, $"the address {vif.Ip} of VM '{vm.Name}' is the {which} address of network '{use.Network.Name}' ({cidr}); pick a host address"));
        }
        else if (!use.Addresses.TryAdd(address, (vm.Name, at)))
        {
            var first = use.Addresses[address];
            errors.Add(new(at, $"the address {vif.Ip} is already taken in network '{use.Network.Name}' by VM '{first.Vm}' (at {first.At})"));
        }
    }

    private static void CheckNetworkUse(Inventory inventory, NetworkUse use, List<DescriptionError> errors)
    {
        var network = use.Network;
        if (use.Vifs.Count > network.Cidr.UsableHostCount)
        {
            errors.Add(new(Checks.At(network, "cidr", network.Location),
                $"network '{network.Name}' ({network.Cidr}) has {use.Vifs.Count} interfaces but only {network.Cidr.UsableHostCount} addresses; use a larger CIDR"));
        }
        string? anchor = null;
        foreach (var (vm, _, site) in use.Vifs)
        {
            if (site is null)
            {
                continue;
            }
            anchor ??= site;
            if (!use.Sites.Contains(site))
            {
                use.Sites.Add(site);
                if (inventory.Path(anchor, site) is null)
                {
                    errors.Add(new(Checks.At(vm, vm.Host is null ? "site" : "host", vm.Location),
                        $"VM '{vm.Name}' is in site '{site}', which no chain of transits joins to site '{anchor}', where network '{network.Name}' also has VMs"));
                }
            }
        }
        use.Transits = inventory.TransitsBetween(use.Sites);
    }

    /// <summary>Subnets may overlap between tenants (the private VLAN keeps them apart), never inside one tenant.</summary>
    private static void CheckTenantOverlaps(List<Service> services, List<DescriptionError> errors)
    {
        var byTenant = services
            .Where(s => s.Tenant is not null)
            .SelectMany(s => Checks.Each(s.Networks).Select(n => (Service: s, Network: n)))
            .GroupBy(p => p.Service.Tenant, StringComparer.Ordinal);
        foreach (var tenant in byTenant)
        {
            // CIDRs are either nested or disjoint: sorted by address then prefix length, one overlaps an earlier one
            // exactly when an enclosing CIDR is still open on the stack. O(n log n) for tenants with many networks.
            var sorted = tenant.OrderBy(p => p.Network.Cidr.Address).ThenBy(p => p.Network.Cidr.PrefixLength).ToList();
            var open = new Stack<(Service Service, Network Network)>();
            foreach (var current in sorted)
            {
                while (open.Count > 0 && !open.Peek().Network.Cidr.Overlaps(current.Network.Cidr))
                {
                    open.Pop();
                }
                if (open.Count > 0)
                {
                    var (otherService, other) = open.Peek();
                    var (later, earlier, laterService, earlierService) = IsBefore(other, current.Network)
                        ? (current.Network, other, current.Service, otherService)
                        : (other, current.Network, otherService, current.Service);
                    errors.Add(new(Checks.At(later, "cidr", later.Location),
                        $"network '{later.Name}' ({later.Cidr}) of service '{laterService.Name}' overlaps network '{earlier.Name}' ({earlier.Cidr}) of service '{earlierService.Name}' (at {earlier.Location}); subnets may overlap only between tenants, and both belong to tenant '{tenant.Key}'"));
                }
                open.Push(current);
            }
        }
    }

    private static bool IsBefore(Network a, Network b) =>
        (string.CompareOrdinal(a.Location.File, b.Location.File), a.Location.Line.CompareTo(b.Location.Line), a.Location.Column.CompareTo(b.Location.Column))
            switch
        {
            ( < 0, _, _) => true,
            (0, < 0, _) => true,
            (0, 0, <= 0) => true,
            _ => false,
        };

    private static void CheckPrivateVlanPools(Inventory inventory, List<NetworkUse> uses, List<DescriptionError> errors)
    {
        var present = new Dictionary<string, List<NetworkUse>>(StringComparer.Ordinal);
        foreach (var use in uses)
        {
            foreach (var site in use.Sites)
            {
                if (!present.TryGetValue(site, out var list))
                {
                    present[site] = list = [];
                }
                list.Add(use);
            }
        }
        foreach (var site in inventory.Sites.Values)
        {
            var pool = site.PrivateVlans.Count;
            if (present.TryGetValue(site.Name, out var here) && here.Count > pool)
            {
                var first = here[(int)Math.Min(pool, int.MaxValue)];
                errors.Add(new(Checks.At(first.Network, "name", first.Network.Location),
                    $"site '{site.Name}' has no private VLAN left for network '{first.Network.Name}' of service '{first.Service.Tenant}/{first.Service.Name}': its pool {site.PrivateVlans} holds {pool} networks and {here.Count} networks have VMs there"));
            }
        }
    }

    private static void CheckTunnelKeys(Inventory inventory, List<NetworkUse> uses, List<DescriptionError> errors)
    {
        var keys = inventory.Federation.TunnelKeyRange.Count;
        var tunnelled = uses.Where(u => u.Transits.Any(t => t.Kind == TransitKind.Tunnel)).ToList();
        if (tunnelled.Count > keys)
        {
            var first = tunnelled[(int)Math.Min(keys, int.MaxValue)];
            errors.Add(new(Checks.At(first.Network, "name", first.Network.Location),
                $"no tunnel key is left for network '{first.Network.Name}' of service '{first.Service.Tenant}/{first.Service.Name}': the federation's range {inventory.Federation.TunnelKeyRange} holds {keys} keys and {tunnelled.Count} networks cross a tunnel transit"));
        }
    }

    private static void CheckMacCapacity(Federation federation, List<Service> services, List<DescriptionError> errors)
    {
        var vifs = services.Sum(s => (long)Checks.Each(s.Vms).Sum(v => Checks.Each(v.Interfaces).Count()));
        var capacity = federation.MacPrefix.Capacity;
        if (capacity > 0 && (ulong)vifs > capacity)
        {
            errors.Add(new(Checks.At(federation, "macPrefix", federation.Location),
                $"the MAC prefix {federation.MacPrefix} leaves {capacity} addresses but the services have {vifs} interfaces; use a shorter prefix"));
        }
    }
}
