using System.Net;
using FedNet.Model;

namespace FedNet.Planning.Tests;

/// <summary>
/// Random but valid federations and services, built from one seed (CsCheck prints the seed of a failing case):
/// 1-4 sites joined by a random spanning tree of VPLS/GRE/VXLAN transits plus extra transits, 1-3 hosts per site with
/// either driver, 1-4 services (one tenant each, all on the same overlapping subnets), VMs placed by host or by site.
/// </summary>
internal static class RandomDescriptions
{
    public static (Federation Federation, List<Service> Services) Build(int seed)
    {
        var rng = new Random(seed);
        var siteCount = rng.Next(1, 5);
        var sites = new List<Site>();
        for (var i = 0; i < siteCount; i++)
        {
            var name = $"s{i}";
            var seg = $"{name}-lan";
            var hosts = Enumerable.Range(0, rng.Next(1, 4))
                .Select(h => new Host($"{name}-h{h}", name, seg, IPAddress.Parse($"10.{i}.0.{h + 10}"),
                    rng.Next(3) == 0 ? HostDriver.BridgePerNetwork : HostDriver.Ovs))
                .ToArray();
            sites.Add(new Site(name, new NumberRange(100 * (i + 1), (100 * (i + 1)) + 63), [new Segment(seg)], ValueList.From(hosts),
                new Gateway($"{name}-gw", name, seg, IPAddress.Parse($"172.16.0.{i + 1}"))));
        }
        var transits = new List<Transit>();
        for (var i = 1; i < siteCount; i++)
            transits.Add(RandomTransit(rng, transits.Count, rng.Next(i), i));
        if (siteCount > 2 && rng.Next(2) == 0)
        {
            var a = rng.Next(siteCount);
            var b = (a + 1 + rng.Next(siteCount - 1)) % siteCount;
            transits.Add(RandomTransit(rng, transits.Count, a, b));
        }
        var federation = new Federation("random", new MacPrefix(0x02fe00, 3), new NumberRange(1000, 1999), ValueList.From(sites),
            ValueList.From(transits));

        var services = new List<Service>();
        for (var s = 0; s < rng.Next(1, 5); s++)
            services.Add(RandomService(rng, sites, $"t{s}", "svc"));
        return (federation, services);
    }

    public static Service RandomService(Random rng, IReadOnlyList<Site> sites, string tenant, string name)
    {
        var networks = Enumerable.Range(0, rng.Next(1, 4))
            .Select(n => new Network($"n{n}", new Ipv4Cidr((10u << 24) | ((uint)n << 8), 24), rng.Next(4) == 0 ? ArpMode.Controller : ArpMode.Switch))
            .ToArray();
        var vms = new List<Vm>();
        for (var v = 0; v < rng.Next(1, 6); v++)
        {
            var site = sites[rng.Next(sites.Count)];
            var byHost = rng.Next(2) == 0;
            var nets = networks.OrderBy(_ => rng.Next()).Take(rng.Next(1, Math.Min(2, networks.Length) + 1));
            vms.Add(new Vm($"vm{v}", byHost ? null : site.Name, byHost ? site.Hosts[rng.Next(site.Hosts.Count)].Name : null,
                ValueList.From(nets.Select(n => new VmInterface(n.Name, null, null)))));
        }
        return new Service(tenant, name, ValueList.From(networks), ValueList.From(vms), ValueList<Policy>.Empty);
    }

    private static Transit RandomTransit(Random rng, int index, int a, int b)
    {
        var kind = rng.Next(3);
        return kind == 0
            ? new Transit($"x{index}", TransitKind.Vpls, [$"s{a}", $"s{b}"], [2700 + index], null, WanCharacteristics.None)
            : new Transit($"x{index}", TransitKind.Tunnel, [$"s{a}", $"s{b}"], ValueList<int>.Empty,
                kind == 1 ? TunnelProtocol.Gre : TunnelProtocol.Vxlan, WanCharacteristics.None);
    }
}
