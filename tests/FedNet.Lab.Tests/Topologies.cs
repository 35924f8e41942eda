using System.Security.Cryptography;
using FedNet.TestSupport;

namespace FedNet.Lab.Tests;

/// <summary>Topologies and lab options the tests build.</summary>
internal static class Topologies
{
    /// <summary>The repository's examples folder (found by walking up from the test binaries).</summary>
    public static string Examples => Repository.Examples;

    /// <summary>The paper's federation, read through the model's reader.</summary>
    public static LabTopology Paper() => LabTopology.Load(Path.Combine(Examples, "federation-paper.yaml"));

    /// <summary>The model's four-site example: two VPLS islands joined by a VXLAN transit.</summary>
    public static LabTopology FourSitesExample() => LabTopology.Load(Path.Combine(Examples, "federation-four-sites.yaml"));

    /// <summary>Options for a lab with a fresh id (t + 5 hex digits), so parallel or crashed runs never collide.</summary>
    public static LabOptions FreshOptions() => new() { Id = "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5] };

    /// <summary>
    /// Four sites: two VPLS islands (a1-a2 on VLAN 3001, b1-b2 on VLAN 3002) joined by a VXLAN transit a1-b1.
    /// Built in code so the lab is shown to be general, not shaped after the paper.
    /// </summary>
    public static LabTopology FourSites()
    {
        static LabSite Site(string name, int hosts, string underlay)
        {
            var segment = name + "-lan";
            return new LabSite(name, new[] { segment },
                Enumerable.Range(1, hosts).Select(i => new LabNode($"{name}-h{i}", LabNodeKind.Host, name, segment, null)).ToArray(),
                new LabNode(name + "-gw", LabNodeKind.Gateway, name, segment, underlay));
        }
        var wan = new LabWan(TimeSpan.FromMilliseconds(2), TimeSpan.Zero, 0, 0);
        return new LabTopology("four-sites",
            new[] { Site("a1", 2, "192.0.2.1"), Site("a2", 1, "192.0.2.2"), Site("b1", 1, "192.0.2.3"), Site("b2", 1, "192.0.2.4") },
            new[]
            {
                new LabTransit("a1-a2", LabTransitKind.Vpls, "a1", "a2", new[] { 3001 }, wan),
                new LabTransit("b1-b2", LabTransitKind.Vpls, "b1", "b2", new[] { 3002 }, wan),
                new LabTransit("a1-b1", LabTransitKind.Tunnel, "a1", "b1", EquatableArray<int>.Empty,
                    new LabWan(TimeSpan.FromMilliseconds(5), TimeSpan.Zero, 0, 0)),
            });
    }

    /// <summary>Two sites joined only by a tunnel transit with the given WAN figures.</summary>
    public static LabTopology TwoSitesTunnel(LabWan wan)
    {
        static LabSite Site(string name, string underlay) => new(name, new[] { name + "-lan" },
            new[] { new LabNode(name + "-h1", LabNodeKind.Host, name, name + "-lan", null) },
            new LabNode(name + "-gw", LabNodeKind.Gateway, name, name + "-lan", underlay));
        return new LabTopology("two-sites", new[] { Site("x", "198.51.100.1"), Site("y", "198.51.100.2") },
            new[] { new LabTransit("x-y", LabTransitKind.Tunnel, "x", "y", EquatableArray<int>.Empty, wan) });
    }
}
