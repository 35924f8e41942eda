using System.Globalization;
using System.Text;

namespace FedNet.Benchmarks.Model;

/// <summary>Generated description texts: a chain of 8 sites and large multi-document service files.</summary>
internal static class DescriptionWorkload
{
    public const int Sites = 8;

    /// <summary>8 sites in a chain, alternately joined by a VPLS and a GRE tunnel; big pools and key range.</summary>
    public static string Federation()
    {
        var text = new StringBuilder();
        text.AppendLine("federation: bench").AppendLine("macPrefix: \"02:fe\"").AppendLine("tunnelKeys: 1-16000000").AppendLine("sites:");
        for (var s = 0; s < Sites; s++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                  - name: s{{s}}
                    privateVlans: 1-4000
                    segments: [lan]
                    hosts:
                      - { name: s{{s}}-h1, segment: lan, underlay: 10.{{s}}.0.11 }
                      - { name: s{{s}}-h2, segment: lan, underlay: 10.{{s}}.0.12 }
                    gateway: { name: s{{s}}-gw, segment: lan, underlay: 172.16.0.{{s + 1}} }

                """);
        }
        text.AppendLine("transits:");
        for (var s = 1; s < Sites; s++)
        {
            text.AppendLine(s % 2 == 0
                ? $"  - {{ name: t{s}, type: vpls, between: [s{s - 1}, s{s}], publicVlans: [4001], wan: {{ rate: 10gbit }} }}"
                : $"  - {{ name: t{s}, type: tunnel, between: [s{s - 1}, s{s}], wan: {{ rate: 10gbit }} }}");
        }
        return text.ToString();
    }

    /// <summary>
    /// <paramref name="networks"/> networks of 10 VMs each, split into services of 1,000 networks (one YAML document
    /// each, one tenant each so subnets repeat); a network's VMs sit in two neighbouring sites.
    /// </summary>
    public static string Services(int networks)
    {
        var text = new StringBuilder();
        for (var first = 0; first < networks; first += 1000)
        {
            var tenant = first / 1000;
            if (first > 0)
            {
                text.AppendLine("---");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"tenant: tenant{tenant}").AppendLine("service: svc").AppendLine("networks:");
            var count = Math.Min(1000, networks - first);
            for (var n = 0; n < count; n++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {{ name: n{n}, cidr: 10.{n / 256}.{n % 256}.0/24 }}");
            }
            text.AppendLine("vms:");
            for (var n = 0; n < count; n++)
            {
                var site = (first + n) % Sites;
                for (var v = 0; v < 10; v++)
                {
                    var placed = v < 5 ? site : (site + 1) % Sites;
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"  - {{ name: v{n}-{v}, placement: {{ site: s{placed} }}, interfaces: [{{ network: n{n}, ip: 10.{n / 256}.{n % 256}.{v + 10} }}] }}");
                }
            }
        }
        return text.ToString();
    }
}
