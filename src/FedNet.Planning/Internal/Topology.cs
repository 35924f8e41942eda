using FedNet.Model;

namespace FedNet.Planning.Internal;

/// <summary>The federation indexed for planning: sites, nodes, transits and, for every pair of sites, the next transit.</summary>
internal sealed class Topology
{
    public Topology(Federation federation)
    {
        Federation = federation;
        Sites = [.. federation.Sites];
        Transits = [.. federation.Transits];
        for (var i = 0; i < Sites.Length; i++)
            SiteIndex[Sites[i].Name] = i;
        var hostSites = new List<int>();
        foreach (var site in Sites)
        {
            foreach (var host in site.Hosts.OrderBy(h => h.Name, StringComparer.Ordinal))
            {
                HostsByName[host.Name] = host;
                HostIndex[host.Name] = HostIndex.Count;
                var siteOfHost = SiteIndex.TryGetValue(host.Site, out var known) ? known : -1;
                if (HostIndex[host.Name] == hostSites.Count)
                    hostSites.Add(siteOfHost);
                else
                    hostSites[HostIndex[host.Name]] = siteOfHost;
                if (!HostsBySite.TryGetValue(site.Name, out var list))
                    HostsBySite[site.Name] = list = [];
                list.Add(host);
            }
        }
        HostSite = [.. hostSites];
        TransitEnds = new (int A, int B)[Transits.Length];
        for (var t = 0; t < Transits.Length; t++)
        {
            var sites = Transits[t].Sites;
            TransitEnds[t] = sites.Count == 2 && SiteIndex.TryGetValue(sites[0], out var a) && SiteIndex.TryGetValue(sites[1], out var b)
                ? (a, b)
                : (-1, -1);
        }
        NextHop = new int[Sites.Length][];
        for (var dst = 0; dst < Sites.Length; dst++)
            NextHop[dst] = Bfs(dst);
    }

    public Federation Federation { get; }

    public Site[] Sites { get; }

    public Transit[] Transits { get; }

    public Dictionary<string, int> SiteIndex { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Host> HostsByName { get; } = new(StringComparer.Ordinal);

    /// <summary>A number per host, for compact keys (<see cref="PortKey(int, int)"/>).</summary>
    public Dictionary<string, int> HostIndex { get; } = new(StringComparer.Ordinal);

    /// <summary>The index of each host's site (-1 if unknown), by <see cref="HostIndex"/>: no name lookup per vif.</summary>
    public int[] HostSite { get; }

    /// <summary>
    /// A vif port as one number (host index, ofport): the allocator probes ports one by one, and hashing a long is much
    /// cheaper than hashing the host's name at every probe.
    /// </summary>
    public long PortKey(string host, int ofport) => PortKey(HostIndex[host], ofport);

    /// <summary>
    /// (host index, ofport) as one number. The ofport is xor-ed with the index shifted by 16 so that a long's hash
    /// (low word xor high word) stays distinct per pair; the plain (index &lt;&lt; 32 | ofport) gave every ofport number
    /// one hash bucket shared by all hosts.
    /// </summary>
    public static long PortKey(int hostIndex, int ofport) => ((long)hostIndex << 32) | (uint)(ofport ^ (hostIndex << 16));

    /// <summary>Hosts of each site, sorted by name.</summary>
    public Dictionary<string, List<Host>> HostsBySite { get; } = new(StringComparer.Ordinal);

    /// <summary>Site indexes at the two ends of each transit ((-1, -1) for a malformed one).</summary>
    public (int A, int B)[] TransitEnds { get; }

    /// <summary><c>NextHop[dst][src]</c>: the transit index to take from site src toward site dst; -1 if none or src == dst.</summary>
    public int[][] NextHop { get; }

    public int OtherEnd(int transit, int site) => TransitEnds[transit].A == site ? TransitEnds[transit].B : TransitEnds[transit].A;

    public bool Reachable(int src, int dst) => src == dst || NextHop[dst][src] >= 0;

    /// <summary>The transits from <paramref name="src"/> to <paramref name="dst"/>, in order (empty when same or unreachable).</summary>
    public List<int> Path(int src, int dst)
    {
        var path = new List<int>();
        var at = src;
        while (at != dst)
        {
            var t = NextHop[dst][at];
            if (t < 0)
                return [];
            path.Add(t);
            at = OtherEnd(t, at);
        }
        return path;
    }

    /// <summary>True when the gateway of the host's site shares a segment with <paramref name="host"/>.</summary>
    public bool GatewayOnSegment(Host host) => Sites[SiteIndex[host.Site]].Gateway.Segment == host.Segment;

    // Shortest paths by transit count, ties broken by the lower transit index, so every site's next hop toward one
    // destination forms a tree: paths from different sources agree wherever they meet (no conflicting gateway flows).
    private int[] Bfs(int dst)
    {
        var next = new int[Sites.Length];
        Array.Fill(next, -1);
        var seen = new bool[Sites.Length];
        seen[dst] = true;
        var queue = new Queue<int>();
        queue.Enqueue(dst);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            for (var t = 0; t < Transits.Length; t++)
            {
                var (a, b) = TransitEnds[t];
                if (a < 0 || (a != at && b != at) || a == b)
                    continue;
                var other = a == at ? b : a;
                if (seen[other])
                    continue;
                seen[other] = true;
                next[other] = t;
                queue.Enqueue(other);
            }
        }
        return next;
    }
}
