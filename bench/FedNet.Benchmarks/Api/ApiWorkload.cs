using System.Globalization;
using System.Text;

namespace FedNet.Benchmarks.Api;

/// <summary>
/// The API benchmark's descriptions as YAML bodies: 8 sites of 2 ovs hosts in a ring of GRE tunnels; service i (tenant
/// t{i mod 10}) has one /24 network and two VMs on the two hosts of site i mod 8, so 10,000 services fit the VLAN ranges.
/// </summary>
public static class ApiWorkload
{
    public const int Sites = 8;

    public static string FederationYaml()
    {
        var b = new StringBuilder("federation: apibench\nmacPrefix: \"02:fe:00\"\ntunnelKeys: 1000-999999\nsites:\n");
        for (var s = 0; s < Sites; s++)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                  - name: site{s}
                    privateVlans: 2-4000
                    segments: [site{s}-lan]
                    hosts:
                      - {"{"} name: site{s}-h0, segment: site{s}-lan, underlay: 10.{s}.0.10, driver: ovs {"}"}
                      - {"{"} name: site{s}-h1, segment: site{s}-lan, underlay: 10.{s}.0.11, driver: ovs {"}"}
                    gateway: {"{"} name: site{s}-gw, segment: site{s}-lan, underlay: 172.16.0.{s + 1} {"}"}

                """);
        }
        b.Append("transits:\n");
        for (var s = 0; s < Sites; s++)
            b.Append(CultureInfo.InvariantCulture, $"  - {{ name: t{s}, type: tunnel, protocol: gre, between: [site{s}, site{(s + 1) % Sites}] }}\n");
        return b.ToString();
    }

    public static string Tenant(int i) => "t" + (i % 10).ToString(CultureInfo.InvariantCulture);

    public static string Name(int i) => "s" + i.ToString(CultureInfo.InvariantCulture);

    public static string ServiceYaml(int i)
    {
        var site = i % Sites;
        return $"""
            tenant: {Tenant(i)}
            service: {Name(i)}
            networks:
              - {"{"} name: net, cidr: 10.{(i / 256) % 256}.{i % 256}.0/24 {"}"}
            vms:
              - name: a
                placement: {"{"} host: site{site}-h0 {"}"}
                interfaces: [{"{"} network: net {"}"}]
              - name: b
                placement: {"{"} host: site{site}-h1 {"}"}
                interfaces: [{"{"} network: net {"}"}]

            """;
    }
}
