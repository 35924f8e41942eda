using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FedNet.Lab;

/// <summary>
/// Everything the lab builds, independent of how it was described: sites with their segments, hosts and gateway, and
/// the transits between gateways (VPLS or L3 tunnel) with their WAN characteristics.
/// </summary>
public sealed partial record LabTopology(string Name, EquatableArray<LabSite> Sites, EquatableArray<LabTransit> Transits)
{
    /// <summary>Every host and gateway, site by site.</summary>
    public IEnumerable<LabNode> Nodes => Sites.SelectMany(s => s.Nodes);

    /// <summary>The gateway of the named site.</summary>
    public LabNode GatewayOf(string site) =>
        Sites.FirstOrDefault(s => s.Name == site)?.Gateway ?? throw new LabException($"no site named '{site}'");

    /// <summary>Transits of the given kind with their index in <see cref="Transits"/> (the contract's <c>i</c>).</summary>
    public IEnumerable<(int Index, LabTransit Transit)> TransitsOf(LabTransitKind kind) =>
        Transits.Select((t, i) => (i, t)).Where(x => x.t.Kind == kind);

    /// <summary>Lists every problem at once; an empty list means the lab can be built.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Sites.Count == 0)
            problems.Add("the topology has no site");
        var nodeNames = new HashSet<string>(StringComparer.Ordinal);
        var siteNames = new HashSet<string>(StringComparer.Ordinal);
        var segmentNames = new HashSet<string>(StringComparer.Ordinal);
        var underlays = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in Sites)
        {
            CheckName("site", site.Name, problems);
            if (!siteNames.Add(site.Name))
                problems.Add($"site '{site.Name}' is defined twice");
            if (site.Segments.Count == 0)
                problems.Add($"site '{site.Name}' has no segment");
            foreach (var seg in site.Segments)
            {
                CheckName("segment", seg, problems);
                if (!segmentNames.Add(seg))
                    problems.Add($"segment '{seg}' is defined twice");
            }
            foreach (var node in site.Nodes)
            {
                CheckName(node.Kind == LabNodeKind.Host ? "host" : "gateway", node.Name, problems);
                if (!nodeNames.Add(node.Name))
                    problems.Add($"node name '{node.Name}' is used twice");
                if (node.Site != site.Name)
                    problems.Add($"{node.Name}: belongs to site '{node.Site}' but is listed under '{site.Name}'");
                if (!site.Segments.Contains(node.Segment))
                    problems.Add($"{node.Name}: segment '{node.Segment}' is not a segment of site '{site.Name}'");
                if (node.Underlay is not null && !IsIPv4(node.Underlay))
                    problems.Add($"{node.Name}: underlay '{node.Underlay}' is not an IPv4 address");
            }
            if (site.Gateway.Kind != LabNodeKind.Gateway)
                problems.Add($"site '{site.Name}': its gateway '{site.Gateway.Name}' is not of kind gateway");
            foreach (var host in site.Hosts.Where(h => h.Kind != LabNodeKind.Host))
                problems.Add($"site '{site.Name}': host '{host.Name}' is not of kind host");
        }
        var transitNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (t, i) in Transits.Select((t, i) => (t, i)))
        {
            var where = $"transit '{t.Name}' (#{i})";
            CheckName("transit", t.Name, problems);
            if (!transitNames.Add(t.Name))
                problems.Add($"{where} is defined twice");
            if (!siteNames.Contains(t.SiteA))
                problems.Add($"{where}: no site named '{t.SiteA}'");
            if (!siteNames.Contains(t.SiteB))
                problems.Add($"{where}: no site named '{t.SiteB}'");
            if (t.SiteA == t.SiteB)
                problems.Add($"{where}: joins site '{t.SiteA}' to itself");
            problems.AddRange(t.Wan.Problems().Select(p => $"{where}: {p}"));
            if (t.Kind == LabTransitKind.Vpls)
            {
                if (t.PublicVlans.Count == 0)
                    problems.Add($"{where}: a VPLS needs at least one public VLAN");
                foreach (var vlan in t.PublicVlans.Where(v => v is < 1 or > 4094))
                    problems.Add($"{where}: public VLAN {vlan} is outside 1..4094");
            }
            else
            {
                foreach (var siteName in new[] { t.SiteA, t.SiteB }.Where(siteNames.Contains))
                {
                    var gw = GatewayOf(siteName);
                    if (gw.Underlay is null || !IsIPv4(gw.Underlay))
                        problems.Add($"{where}: gateway '{gw.Name}' needs an IPv4 underlay address");
                }
            }
        }
        foreach (var gw in Sites.Select(s => s.Gateway).Where(g => g.Underlay is not null && HasTunnel(g.Site)))
        {
            if (!underlays.Add(gw.Underlay!))
                problems.Add($"{gw.Name}: underlay {gw.Underlay} is used by another gateway");
        }
        return problems;
    }

    /// <summary>Throws one <see cref="LabException"/> listing every problem, if there is any.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
            throw new LabException($"the lab topology '{Name}' is not valid:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>True when the site's gateway takes part in at least one tunnel transit (and so needs <c>wan0</c>).</summary>
    public bool HasTunnel(string site) =>
        Transits.Any(t => t.Kind == LabTransitKind.Tunnel && (t.SiteA == site || t.SiteB == site));

    private static void CheckName(string what, string name, List<string> problems)
    {
        if (!NamePattern().IsMatch(name))
            problems.Add($"{what} name '{name}' must be 1-40 characters of letters, digits, '-', '_' or '.'");
    }

    private static bool IsIPv4(string text) =>
        IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    private static partial Regex NamePattern();
}
