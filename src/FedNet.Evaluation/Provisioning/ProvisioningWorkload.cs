using System.Globalization;
using System.Text;
using FedNet.Control;
using FedNet.Planning;

namespace FedNet.Evaluation.Provisioning;

/// <summary>
/// The provisioning workload, generated in code: the paper federation with private VLAN ranges wide enough for N
/// networks per site, and one service with N networks of 4 VMs each, placed on kuas-rack1, kuas-rack2, ncku-h1 and
/// ntust-h1, so every network spans the three sites (LAN, VPLS, GRE and the two-transit path). Used by the
/// <c>provisioning</c> experiment and by the bench's <c>scenario provisioning</c>.
/// </summary>
public static class ProvisioningWorkload
{
    /// <summary>The most networks the widened private VLAN ranges hold per site.</summary>
    public const int MaxNetworks = 1000;

    /// <summary>VMs per network.</summary>
    public const int VmsPerNetwork = 4;

    /// <summary>The host of VM k of every network is <c>Hosts[k % 4]</c>.</summary>
    public static IReadOnlyList<string> Hosts { get; } = ["kuas-rack1", "kuas-rack2", "ncku-h1", "ntust-h1"];

    /// <summary>(from, to) VM indexes of the sampled pairs, cycling LAN, VPLS, GRE, two-transit and GRE back.</summary>
    private static readonly (int From, int To)[] PairKinds = [(0, 1), (0, 2), (0, 3), (2, 3), (3, 1)];

    /// <summary>examples/federation-paper.yaml with private VLAN ranges of 1,000 per site.</summary>
    public static string Federation(string examples, int networks)
    {
        if (networks is < 1 or > MaxNetworks)
            throw new ArgumentOutOfRangeException(nameof(networks), networks, $"1 to {MaxNetworks:N0} networks (private VLANs per site)");
        var text = File.ReadAllText(Path.Combine(examples, "federation-paper.yaml"));
        // Disjoint ranges that leave out the VPLS's public VLAN 2782.
        return text.Replace("privateVlans: 100-199", "privateVlans: 100-1099", StringComparison.Ordinal)
            .Replace("privateVlans: 200-299", "privateVlans: 1200-2199", StringComparison.Ordinal)
            .Replace("privateVlans: 300-399", "privateVlans: 2900-3899", StringComparison.Ordinal);
    }

    /// <summary>The service: <paramref name="networks"/> networks (10.i/256.i%256.0/24) of <paramref name="vmsPerNetwork"/> VMs.</summary>
    public static string Service(int networks, int vmsPerNetwork = VmsPerNetwork)
    {
        var yaml = new StringBuilder("tenant: bench\nservice: provisioning\nnetworks:\n");
        for (var i = 0; i < networks; i++)
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ name: n{i}, cidr: 10.{i / 256}.{i % 256}.0/24 }}\n");
        yaml.Append("vms:\n");
        for (var i = 0; i < networks; i++)
        {
            for (var k = 0; k < vmsPerNetwork; k++)
            {
                yaml.Append(CultureInfo.InvariantCulture,
                    $"  - {{ name: {VmName(i, k)}, placement: {{ host: {Hosts[k % Hosts.Count]} }}, interfaces: [{{ network: n{i} }}] }}\n");
            }
        }
        return yaml.ToString();
    }

    /// <summary>VM k of network i.</summary>
    public static string VmName(int network, int index) => $"n{network}v{index}";

    /// <summary>The endpoint name of a VM (tenant.vm).</summary>
    public static string Endpoint(int network, int index) => "bench." + VmName(network, index);

    /// <summary>
    /// <paramref name="size"/> same-network (network, from, to) index triples spread over the networks, cycling through
    /// LAN, VPLS, GRE and two-transit paths; the same sample for FedNet and for a peer system.
    /// </summary>
    public static IReadOnlyList<(int Network, int From, int To)> SampleIndexes(int networks, int size)
    {
        var pairs = new List<(int, int, int)>();
        for (var k = 0; k < size; k++)
        {
            var (from, to) = PairKinds[k % PairKinds.Length];
            pairs.Add(((int)((long)k * networks / Math.Max(1, size)), from, to));
        }
        return pairs;
    }

    /// <summary><see cref="SampleIndexes"/> as planned vif pairs, with the path kind the planner chose.</summary>
    public static IReadOnlyList<PairResult> Sample(NetworkPlan plan, int networks, int size)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var vifs = VifPlacement.All(plan).ToDictionary(v => v.Name, StringComparer.Ordinal);
        return
        [
            .. SampleIndexes(networks, size).Select(s =>
            {
                var a = vifs[Endpoint(s.Network, s.From)];
                var b = vifs[Endpoint(s.Network, s.To)];
                return new PairResult(a, b, Reachability.PathOf(plan, a, b), false);
            }),
        ];
    }
}
