namespace FedNet.Model.Internal;

/// <summary>
/// Name lookups and transit paths over a federation, tolerant of bad input: on duplicate names the first one wins
/// (duplicates are reported by <see cref="FederationChecks"/>), and null collections read as empty.
/// </summary>
internal sealed class Inventory
{
    private readonly Dictionary<string, List<(Transit Transit, string Other)>> _adjacency = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), IReadOnlyList<Transit>?> _paths = [];
    private readonly Dictionary<string, IReadOnlySet<Transit>> _transitSets = new(StringComparer.Ordinal);

    public Inventory(Federation federation)
    {
        Federation = federation;
        foreach (var site in Checks.Each(federation.Sites))
        {
            if (site.Name is null)
            {
                continue;
            }
            Sites.TryAdd(site.Name, site);
            foreach (var host in Checks.Each(site.Hosts))
            {
                if (host.Name is not null && !Hosts.ContainsKey(host.Name))
                {
                    Hosts[host.Name] = (host, site);
                }
            }
        }
        foreach (var transit in Checks.Each(federation.Transits))
        {
            if (transit.Name is not null)
            {
                Transits.TryAdd(transit.Name, transit);
            }
            var ends = Checks.Each(transit.Sites).ToList();
            if (ends.Count == 2 && ends[0] is not null && ends[1] is not null && ends[0] != ends[1]
                && Sites.ContainsKey(ends[0]) && Sites.ContainsKey(ends[1]))
            {
                Adjacent(ends[0]).Add((transit, ends[1]));
                Adjacent(ends[1]).Add((transit, ends[0]));
            }
        }
    }

    public Federation Federation { get; }

    public Dictionary<string, Site> Sites { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (Host Host, Site Site)> Hosts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Transit> Transits { get; } = new(StringComparer.Ordinal);

    /// <summary>The site a VM is placed in (directly, or through its host); null when the placement is unknown.</summary>
    public string? SiteOf(Vm vm)
    {
        if (vm.Host is not null)
        {
            return Hosts.TryGetValue(vm.Host, out var entry) ? entry.Site.Name : null;
        }
        return vm.Site is not null && Sites.ContainsKey(vm.Site) ? vm.Site : null;
    }

    /// <summary>
    /// The transits on a shortest path from <paramref name="from"/> to <paramref name="to"/> (ties broken by the
    /// transits' order in the file, so the answer is deterministic); null when no path exists.
    /// </summary>
    public IReadOnlyList<Transit>? Path(string from, string to)
    {
        if (from == to)
        {
            return [];
        }
        if (_paths.TryGetValue((from, to), out var cached))
        {
            return cached;
        }
        var previous = new Dictionary<string, (string Site, Transit Transit)>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(from);
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        while (queue.Count > 0 && !seen.Contains(to))
        {
            var site = queue.Dequeue();
            foreach (var (transit, other) in _adjacency.TryGetValue(site, out var edges) ? edges : [])
            {
                if (seen.Add(other))
                {
                    previous[other] = (site, transit);
                    queue.Enqueue(other);
                }
            }
        }
        List<Transit>? path = null;
        if (seen.Contains(to))
        {
            path = [];
            for (var at = to; at != from; at = previous[at].Site)
            {
                path.Add(previous[at].Transit);
            }
            path.Reverse();
        }
        _paths[(from, to)] = path;
        return path;
    }

    /// <summary>
    /// The transits on the shortest paths between every pair of <paramref name="sites"/>, shared between networks
    /// spread over the same sites (most are), so large services cost one path search per distinct site set.
    /// </summary>
    public IReadOnlySet<Transit> TransitsBetween(IReadOnlyList<string> sites)
    {
        var key = string.Join('\n', sites.Order(StringComparer.Ordinal));
        if (_transitSets.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var transits = new HashSet<Transit>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < sites.Count; i++)
        {
            for (var j = i + 1; j < sites.Count; j++)
            {
                foreach (var transit in Path(sites[i], sites[j]) ?? [])
                {
                    transits.Add(transit);
                }
            }
        }
        _transitSets[key] = transits;
        return transits;
    }

    private List<(Transit, string)> Adjacent(string site)
    {
        if (!_adjacency.TryGetValue(site, out var list))
        {
            list = [];
            _adjacency[site] = list;
        }
        return list;
    }
}
