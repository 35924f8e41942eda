namespace FedNet.Model.Internal;

/// <summary>The federation's own rules (names, segments, addresses, VLANs, transits); returns the lookups the service rules need.</summary>
internal static class FederationChecks
{
    public const int MaxVlan = 4094;
    public const long MaxGreKey = uint.MaxValue;
    public const long MaxVxlanVni = (1 << 24) - 1;

    public static Inventory Run(Federation federation, List<DescriptionError> errors)
    {
        var inventory = new Inventory(federation);
        var here = federation.Location;
        Checks.Name(errors, federation.Name, "federation", Checks.At(federation, "federation", here));
        CheckMacPrefix(federation, errors);
        CheckTunnelKeys(federation, errors);

        var sites = Checks.Each(federation.Sites).ToList();
        if (sites.Count == 0)
        {
            errors.Add(new(Checks.At(federation, "sites", here), "a federation needs at least one site"));
        }
        Checks.Duplicates(errors, sites, s => s.Name, s => s.Location, "site", "in the federation");
        foreach (var site in sites)
        {
            CheckSite(site, federation, errors);
        }
        CheckNodes(sites, errors);

        var transits = Checks.Each(federation.Transits).ToList();
        Checks.Duplicates(errors, transits, t => t.Name, t => t.Location, "transit", "in the federation");
        foreach (var transit in transits)
        {
            CheckTransit(transit, inventory, errors);
        }
        return inventory;
    }

    private static void CheckMacPrefix(Federation federation, List<DescriptionError> errors)
    {
        var at = Checks.At(federation, "macPrefix", federation.Location);
        var prefix = federation.MacPrefix;
        if (prefix.Octets is < 1 or > 5)
        {
            errors.Add(new(at, $"the MAC prefix must have one to five octets, not {prefix.Octets}"));
            return;
        }
        if (prefix.IsMulticast)
        {
            errors.Add(new(at, $"the MAC prefix {prefix} is a multicast prefix (the low bit of its first octet is set); use a unicast one such as 02:fe:00"));
        }
        if (!prefix.IsLocallyAdministered)
        {
            errors.Add(new(at, $"the MAC prefix {prefix} is not locally administered (the 0x02 bit of its first octet is clear); use one such as 02:fe:00"));
        }
    }

    private static void CheckTunnelKeys(Federation federation, List<DescriptionError> errors)
    {
        var at = Checks.At(federation, "tunnelKeys", federation.Location);
        var keys = federation.TunnelKeyRange;
        var vxlan = Checks.Each(federation.Transits).FirstOrDefault(t => t.Kind == TransitKind.Tunnel && t.TunnelProtocol == TunnelProtocol.Vxlan);
        if (keys.First < 1 || keys.Last < keys.First)
        {
            errors.Add(new(at, $"the tunnel key range {keys.First}-{keys.Last} must start at 1 or above and not end before it starts"));
        }
        else if (vxlan is not null && keys.Last > MaxVxlanVni)
        {
            errors.Add(new(at, $"the tunnel key range {keys} goes beyond {MaxVxlanVni}, the largest VXLAN VNI (transit '{vxlan.Name}' is VXLAN)"));
        }
        else if (keys.Last > MaxGreKey)
        {
            errors.Add(new(at, $"the tunnel key range {keys} goes beyond {MaxGreKey}, the largest GRE key"));
        }
    }

    private static void CheckSite(Site site, Federation federation, List<DescriptionError> errors)
    {
        Checks.Name(errors, site.Name, "site", Checks.At(site, "name", site.Location));
        var vlansAt = Checks.At(site, "privateVlans", site.Location);
        var pool = site.PrivateVlans;
        if (pool.First < 1 || pool.Last > MaxVlan || pool.Last < pool.First)
        {
            errors.Add(new(vlansAt, $"the private VLAN pool {pool.First}-{pool.Last} of site '{site.Name}' must lie within 1-{MaxVlan}"));
        }
        foreach (var transit in Checks.Each(federation.Transits))
        {
            if (transit.Kind != TransitKind.Vpls || !Checks.Each(transit.Sites).Contains(site.Name))
            {
                continue;
            }
            foreach (var vlan in Checks.EachValue(transit.PublicVlans))
            {
                if (pool.Contains(vlan))
                {
                    errors.Add(new(vlansAt,
                        $"the private VLAN pool {pool} of site '{site.Name}' holds {vlan}, a public VLAN of transit '{transit.Name}'; keep the pool clear of public VLANs"));
                }
            }
        }

        var segments = Checks.Each(site.Segments).ToList();
        if (segments.Count == 0)
        {
            errors.Add(new(Checks.At(site, "segments", site.Location), $"site '{site.Name}' needs at least one segment"));
        }
        foreach (var segment in segments)
        {
            Checks.Name(errors, segment.Name, "segment", segment.Location);
        }
        Checks.Duplicates(errors, segments, s => s.Name, s => s.Location, "segment", $"in site '{site.Name}'");
        var segmentNames = segments.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var host in Checks.Each(site.Hosts))
        {
            Checks.Name(errors, host.Name, "host", Checks.At(host, "name", host.Location));
            if (host.Segment is null || !segmentNames.Contains(host.Segment))
            {
                errors.Add(new(Checks.At(host, "segment", host.Location),
                    $"host '{host.Name}' is on segment '{host.Segment}', which site '{site.Name}' does not have{Checks.Known("segments", segmentNames)}"));
            }
            if (!Enum.IsDefined(host.Driver))
            {
                errors.Add(new(Checks.At(host, "driver", host.Location), $"host '{host.Name}' has an unknown driver; use ovs or bridge-per-network"));
            }
            if (host.Site is not null && site.Name is not null && host.Site != site.Name)
            {
                errors.Add(new(host.Location, $"host '{host.Name}' says it is in site '{host.Site}' but is listed under site '{site.Name}'"));
            }
        }

        if (site.Gateway is not { } gateway)
        {
            errors.Add(new(site.Location, $"site '{site.Name}' needs a gateway"));
            return;
        }
        Checks.Name(errors, gateway.Name, "gateway", Checks.At(gateway, "name", gateway.Location));
        if (gateway.Segment is null || !segmentNames.Contains(gateway.Segment))
        {
            errors.Add(new(Checks.At(gateway, "segment", gateway.Location),
                $"gateway '{gateway.Name}' is on segment '{gateway.Segment}', which site '{site.Name}' does not have{Checks.Known("segments", segmentNames)}"));
        }
    }

    /// <summary>Hosts and gateways become lab nodes and switches: their names and underlay addresses are unique federation-wide.</summary>
    private static void CheckNodes(List<Site> sites, List<DescriptionError> errors)
    {
        var nodes = new List<(string? Name, string Kind, System.Net.IPAddress? Underlay, SourceLocation At, SourceLocation UnderlayAt)>();
        foreach (var site in sites)
        {
            foreach (var host in Checks.Each(site.Hosts))
            {
                nodes.Add((host.Name, "host", host.Underlay, Checks.At(host, "name", host.Location), Checks.At(host, "underlay", host.Location)));
            }
            if (site.Gateway is { } gateway)
            {
                nodes.Add((gateway.Name, "gateway", gateway.Underlay, Checks.At(gateway, "name", gateway.Location),
                    Checks.At(gateway, "underlay", gateway.Location)));
            }
        }
        var names = new Dictionary<string, (string Kind, SourceLocation At)>(StringComparer.Ordinal);
        var underlays = new Dictionary<System.Net.IPAddress, string?>();
        foreach (var node in nodes)
        {
            if (node.Name is not null && !names.TryAdd(node.Name, (node.Kind, node.At)))
            {
                var first = names[node.Name];
                errors.Add(new(node.At, $"the name '{node.Name}' is used twice: hosts and gateways need names unique in the federation (the {first.Kind} at {first.At})"));
            }
            if (node.Underlay is null)
            {
                errors.Add(new(node.UnderlayAt, $"{node.Kind} '{node.Name}' needs an underlay IPv4 address"));
            }
            else if (!Ipv4Cidr.TryToUInt32(node.Underlay, out _))
            {
                errors.Add(new(node.UnderlayAt, $"the underlay address {node.Underlay} of {node.Kind} '{node.Name}' is not IPv4"));
            }
            else if (!underlays.TryAdd(node.Underlay, node.Name))
            {
                errors.Add(new(node.UnderlayAt, $"the underlay address {node.Underlay} of {node.Kind} '{node.Name}' is already taken by '{underlays[node.Underlay]}'"));
            }
        }
    }

    private static void CheckTransit(Transit transit, Inventory inventory, List<DescriptionError> errors)
    {
        Checks.Name(errors, transit.Name, "transit", Checks.At(transit, "name", transit.Location));
        var betweenAt = Checks.At(transit, "between", transit.Location);
        var ends = Checks.Each(transit.Sites).ToList();
        if (ends.Count != 2)
        {
            errors.Add(new(betweenAt, $"transit '{transit.Name}' must join exactly two sites, not {ends.Count}"));
        }
        else if (ends[0] == ends[1])
        {
            errors.Add(new(betweenAt, $"transit '{transit.Name}' joins site '{ends[0]}' to itself; name two different sites"));
        }
        foreach (var end in ends)
        {
            if (!inventory.Sites.ContainsKey(end))
            {
                errors.Add(new(betweenAt, $"transit '{transit.Name}' names site '{end}', which is not defined{Checks.Known("sites", inventory.Sites.Keys)}"));
            }
        }

        var vlansAt = Checks.At(transit, "publicVlans", transit.Location);
        var vlans = Checks.EachValue(transit.PublicVlans).ToList();
        switch (transit.Kind)
        {
            case TransitKind.Vpls:
                if (vlans.Count == 0)
                {
                    errors.Add(new(vlansAt, $"VPLS transit '{transit.Name}' must list the public VLANs it passes, such as publicVlans: [2782]"));
                }
                foreach (var vlan in vlans.Where(v => v is < 1 or > MaxVlan))
                {
                    errors.Add(new(vlansAt, $"public VLAN {vlan} of transit '{transit.Name}' is outside 1-{MaxVlan}"));
                }
                foreach (var vlan in vlans.GroupBy(v => v).Where(g => g.Count() > 1))
                {
                    errors.Add(new(vlansAt, $"public VLAN {vlan.Key} is listed twice in transit '{transit.Name}'"));
                }
                if (transit.TunnelProtocol is not null)
                {
                    errors.Add(new(Checks.At(transit, "protocol", transit.Location),
                        $"transit '{transit.Name}' is a VPLS; 'protocol' applies only to a tunnel transit"));
                }
                break;
            case TransitKind.Tunnel:
                if (vlans.Count > 0)
                {
                    errors.Add(new(vlansAt, $"transit '{transit.Name}' is a tunnel; 'publicVlans' applies only to a VPLS transit"));
                }
                if (transit.TunnelProtocol is null || !Enum.IsDefined(transit.TunnelProtocol.Value))
                {
                    errors.Add(new(Checks.At(transit, "protocol", transit.Location), $"tunnel transit '{transit.Name}' needs a protocol: gre or vxlan"));
                }
                break;
            default:
                errors.Add(new(Checks.At(transit, "type", transit.Location), $"transit '{transit.Name}' has an unknown type; use vpls or tunnel"));
                break;
        }

        if (transit.Wan is { } wan)
        {
            var wanAt = Checks.At(transit, "wan", transit.Location);
            if (wan.Delay < TimeSpan.Zero || wan.Jitter < TimeSpan.Zero)
            {
                errors.Add(new(wanAt, $"the WAN delay and jitter of transit '{transit.Name}' cannot be negative"));
            }
            if (double.IsNaN(wan.LossPercent) || wan.LossPercent is < 0 or > 100)
            {
                errors.Add(new(wanAt, $"the WAN loss of transit '{transit.Name}' must be between 0% and 100%"));
            }
            if (wan.RateBitsPerSecond is <= 0)
            {
                errors.Add(new(wanAt, $"the WAN rate of transit '{transit.Name}' must be positive"));
            }
        }
    }
}
