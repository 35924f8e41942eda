using System.Net;
using FedNet.Model;

namespace FedNet.Benchmarks.Planning;

/// <summary>
/// The planner's benchmark inputs: 8 sites of 2 ovs hosts in a ring of alternating VPLS (4 public VLANs) and GRE
/// transits; services of 10 networks, each network with 10 single-interface VMs spread over 3 sites (so paths have
/// 1-3 transits and cross intermediate gateways).
/// </summary>
public static class PlanningWorkload
{
    public const int Sites = 8;

    public static Federation Federation()
    {
        var sites = new List<Site>();
        for (var i = 0; i < Sites; i++)
        {
            var name = $"site{i}";
            var seg = name + "-lan";
            sites.Add(new Site(name, new NumberRange(2, 4000), [new Segment(seg)],
                [
                    new Host($"{name}-h0", name, seg, IPAddress.Parse($"10.{i}.0.10"), HostDriver.Ovs),
                    new Host($"{name}-h1", name, seg, IPAddress.Parse($"10.{i}.0.11"), HostDriver.Ovs),
                ],
                new Gateway($"{name}-gw", name, seg, IPAddress.Parse($"172.16.0.{i + 1}"))));
        }
        var transits = new List<Transit>();
        for (var i = 0; i < Sites; i++)
        {
            var ends = ValueList.From(new[] { $"site{i}", $"site{(i + 1) % Sites}" });
            transits.Add(i % 2 == 0
                ? new Transit($"t{i}", TransitKind.Vpls, ends, [2700 + (i * 4), 2701 + (i * 4), 2702 + (i * 4), 2703 + (i * 4)], null, WanCharacteristics.None)
                : new Transit($"t{i}", TransitKind.Tunnel, ends, ValueList<int>.Empty, TunnelProtocol.Gre, WanCharacteristics.None));
        }
        return new Federation("bench", new MacPrefix(0x02fe, 2), new NumberRange(1000, 999_999), ValueList.From(sites), ValueList.From(transits));
    }

    /// <summary><paramref name="networks"/> networks of <paramref name="vmsPerNetwork"/> VMs, 10 networks per service.</summary>
    public static List<Service> Services(int networks, int vmsPerNetwork = 10)
    {
        var services = new List<Service>();
        for (var s = 0; s * 10 < networks; s++)
            services.Add(Service(s, Math.Min(10, networks - (s * 10)), vmsPerNetwork, variant: 0));
        return services;
    }

    /// <summary>Service <paramref name="index"/>; <paramref name="variant"/> 1 adds one VM (the incremental change).</summary>
    public static Service Service(int index, int networkCount, int vmsPerNetwork, int variant)
    {
        var networks = Enumerable.Range(0, networkCount)
            .Select(n => new Network($"n{n}", new Ipv4Cidr((10u << 24) | ((uint)n << 8), 24), ArpMode.Switch))
            .ToArray();
        var vms = new List<Vm>();
        for (var n = 0; n < networkCount; n++)
        {
            var global = (index * 10) + n;
            int[] siteSet = [global % Sites, (global + 1) % Sites, (global + 3) % Sites];
            for (var v = 0; v < vmsPerNetwork + (variant == 1 && n == 0 ? 1 : 0); v++)
            {
                var site = siteSet[v % 3];
                vms.Add(new Vm($"n{n}-vm{v}", null, $"site{site}-h{v % 2}", [new VmInterface($"n{n}", null, null)]));
            }
        }
        return new Service($"tenant{index}", "svc", ValueList.From(networks), ValueList.From(vms), ValueList<Policy>.Empty);
    }
}
