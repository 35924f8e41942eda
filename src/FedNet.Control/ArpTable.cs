using FedNet.Planning;

namespace FedNet.Control;

/// <summary>
/// What the controller-side ARP proxy answers (paper IV.B): on each host, for each private VLAN, the IP → MAC of every
/// vif of the network that VLAN carries in the host's site; on a gateway, of the network's vifs in other sites only.
/// Scoped by VLAN, so overlapping subnets of different networks never see each other's addresses.
/// </summary>
public sealed class ArpTable
{
    private readonly Dictionary<(string Node, int Vlan), Dictionary<uint, ulong>> _entries;

    private ArpTable(Dictionary<(string Node, int Vlan), Dictionary<uint, ulong>> entries) => _entries = entries;

    /// <summary>An empty table.</summary>
    public static ArpTable Empty { get; } = new([]);

    /// <summary>Number of (node, VLAN, IP) entries.</summary>
    public int Count => _entries.Values.Sum(e => e.Count);

    /// <summary>Builds the table for <paramref name="plan"/>.</summary>
    public static ArpTable Build(NetworkPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var vifsByNetwork = VifPlacement.All(plan).GroupBy(v => v.Network).ToDictionary(g => g.Key, g => g.ToList());
        var entries = new Dictionary<(string, int), Dictionary<uint, ulong>>();
        foreach (var (key, vlan) in plan.Allocations.PrivateVlans)
        {
            if (!vifsByNetwork.TryGetValue(key.Network, out var vifs))
                continue;
            var site = plan.Federation.Sites.FirstOrDefault(s => s.Name == key.Site);
            if (site is null)
                continue;
            var all = new Dictionary<uint, ulong>();
            var far = new Dictionary<uint, ulong>();
            foreach (var v in vifs)
            {
                all[v.Ip] = v.Mac;
                if (v.Site != key.Site)
                    far[v.Ip] = v.Mac;
            }
            foreach (var host in site.Hosts)
                entries[(host.Name, vlan)] = all;
            // A gateway answers only for vifs behind it, like its responder flows: its reply carries the vif's MAC as
            // source, so answering for a vif of its own site (whose request reached it because a learning-bridge host
            // floods it) would teach the segment that the vif lives behind the gateway.
            entries[(site.Gateway.Name, vlan)] = far;
        }
        return new ArpTable(entries);
    }

    /// <summary>The MAC of <paramref name="ip"/> in the network that <paramref name="vlan"/> carries on <paramref name="node"/>.</summary>
    public bool TryResolve(string node, int vlan, uint ip, out ulong mac)
    {
        mac = 0;
        return _entries.TryGetValue((node, vlan), out var map) && map.TryGetValue(ip, out mac);
    }
}
