using System.Globalization;
using System.Text;

namespace FedNet.Benchmarks.Control;

/// <summary>
/// The provisioning workload, generated in code: the paper federation with private VLAN ranges wide enough for N
/// networks per site, and one service with N networks of 4 VMs each, placed on kuas-rack1, kuas-rack2, ncku-h1 and
/// ntust-h1, so every network spans the three sites (LAN, VPLS, GRE and the two-transit path).
/// </summary>
internal static class ProvisioningWorkload
{
    public static readonly string[] Hosts = ["kuas-rack1", "kuas-rack2", "ncku-h1", "ntust-h1"];

    public static string Federation(string examples, int networks)
    {
        if (networks > 1000)
            throw new ArgumentOutOfRangeException(nameof(networks), networks, "at most 1,000 networks (private VLANs per site)");
        var text = File.ReadAllText(Path.Combine(examples, "federation-paper.yaml"));
        // Disjoint ranges that leave out the VPLS's public VLAN 2782.
        return text.Replace("privateVlans: 100-199", "privateVlans: 100-1099", StringComparison.Ordinal)
            .Replace("privateVlans: 200-299", "privateVlans: 1200-2199", StringComparison.Ordinal)
            .Replace("privateVlans: 300-399", "privateVlans: 2900-3899", StringComparison.Ordinal);
    }

    public static string Service(int networks, int vmsPerNetwork)
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
                    $"  - {{ name: {VmName(i, k)}, placement: {{ host: {Hosts[k % Hosts.Length]} }}, interfaces: [{{ network: n{i} }}] }}\n");
            }
        }
        return yaml.ToString();
    }

    public static string VmName(int network, int index) => $"n{network}v{index}";

    /// <summary>The endpoint name of a VM (tenant.vm).</summary>
    public static string Endpoint(int network, int index) => "bench." + VmName(network, index);
}
