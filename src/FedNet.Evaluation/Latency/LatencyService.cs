using System.Globalization;
using System.Text;

namespace FedNet.Evaluation.Latency;

/// <summary>
/// The service of the latency experiment: <c>examples/latency-32-networks.yaml</c>'s pattern for any number of networks
/// (network netNN = 10.32.N.0/24, VM aNN = .1 on kuas-rack1, VM bNN = .2 on ntust-h1: the paper federation's GRE path).
/// </summary>
public static class LatencyService
{
    /// <summary>Tenant of the service.</summary>
    public const string Tenant = "latency";

    /// <summary>Site A's host (kuas).</summary>
    public const string HostA = "kuas-rack1";

    /// <summary>Site B's host (ntust, across the GRE transit).</summary>
    public const string HostB = "ntust-h1";

    /// <summary>Network number <paramref name="n"/>'s name (<c>net01</c>…).</summary>
    public static string Network(int n) => "net" + n.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>The vif name of VM <c>aNN</c> (site A) or <c>bNN</c> (site B) of network <paramref name="n"/>.</summary>
    public static string Vif(char side, int n) => $"{Tenant}.{side}{n.ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>The service description with <paramref name="networks"/> networks (1–99).</summary>
    public static string Yaml(int networks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(networks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(networks, 99);
        var sb = new StringBuilder();
        sb.Append("tenant: ").Append(Tenant).Append("\nservice: ping").Append(networks.ToString(CultureInfo.InvariantCulture)).Append("\n\nnetworks:\n");
        for (var n = 1; n <= networks; n++)
            sb.Append(CultureInfo.InvariantCulture, $"  - {{ name: {Network(n)}, cidr: 10.32.{n}.0/24 }}\n");
        sb.Append("\nvms:\n");
        for (var n = 1; n <= networks; n++)
        {
            var nn = n.ToString("00", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"  - {{ name: a{nn}, placement: {{ host: {HostA} }}, interfaces: [{{ network: {Network(n)}, ip: 10.32.{n}.1 }}] }}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  - {{ name: b{nn}, placement: {{ host: {HostB} }}, interfaces: [{{ network: {Network(n)}, ip: 10.32.{n}.2 }}] }}\n");
        }
        return sb.ToString();
    }
}
