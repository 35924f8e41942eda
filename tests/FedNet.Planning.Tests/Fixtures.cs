using FedNet.Model;
using FedNet.Planning;
using FedNet.TestSupport;

namespace FedNet.Planning.Tests;

/// <summary>Descriptions used by the tests: the repository's examples and small services written inline.</summary>
internal static class Fixtures
{
    public static string Example(string name) => Repository.Example(name);

    public static Federation PaperFederation() => DescriptionReader.ReadFederation(Example("federation-paper.yaml")).GetValueOrThrow();

    public static Federation Federation(string yaml) => DescriptionReader.ReadFederation(yaml, "federation.yaml").GetValueOrThrow();

    public static Service Service(string yaml) => DescriptionReader.ReadService(yaml, "service.yaml").GetValueOrThrow();

    /// <summary>
    /// The paper's figure 3 on the paper federation: networks X and Y of two tenants, the same subnet, one VM of each on
    /// kuas-rack1 and one on ncku-h1 (the layout of reference/gateway-flows.sh).
    /// </summary>
    public static Service[] Figure3() =>
    [
        Service("""
            tenant: tx
            service: s
            networks: [{ name: x, cidr: 10.0.0.0/24 }]
            vms:
              - { name: a1, placement: { host: kuas-rack1 }, interfaces: [{ network: x, ip: 10.0.0.1, mac: "02:fe:00:00:0a:01" }] }
              - { name: b1, placement: { host: ncku-h1 }, interfaces: [{ network: x, ip: 10.0.0.2, mac: "02:fe:00:00:0b:01" }] }
            """),
        Service("""
            tenant: ty
            service: s
            networks: [{ name: y, cidr: 10.0.0.0/24 }]
            vms:
              - { name: a2, placement: { host: kuas-rack1 }, interfaces: [{ network: y, ip: 10.0.0.1, mac: "02:fe:00:00:0a:02" }] }
              - { name: b2, placement: { host: ncku-h1 }, interfaces: [{ network: y, ip: 10.0.0.2, mac: "02:fe:00:00:0b:02" }] }
            """),
    ];

    public static VifKey Vif(string tenant, string service, string vm, int index = 0) => new(new VmKey(tenant, service, vm), index);

    public static ulong Mac(string text) => MacAddress.TryParse(text, out var m) ? m.Value : throw new ArgumentException(text);

    public static uint Ip(string text) => Ipv4Cidr.TryParseIpv4(text, out var ip) ? ip : throw new ArgumentException(text);
}
