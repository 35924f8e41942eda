using System.Net;
using YamlDotNet.RepresentationModel;

namespace FedNet.Model.Internal;

/// <summary>Builds a <see cref="Service"/> from a YAML document, reporting shape and value errors.</summary>
internal static class ServiceParser
{
    private static readonly ValueParser<ArpMode> ArpParser =
        ValueParsers.Keyword(("switch", ArpMode.Switch), ("controller", ArpMode.Controller));

    public static Service? Parse(YamlContext context, YamlNode root)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(root, "service description", DescriptionKeys.Service);
        if (map is null)
        {
            return null;
        }
        var tenant = map.String("tenant", required: true);
        var name = map.String("service", required: true);
        var networks = FederationParser.Items(context, map.List("networks", required: true, "[{ name: front, cidr: 10.0.1.0/24 }]"),
            ParseNetwork);
        var vms = FederationParser.Items(context, map.List("vms", required: false, "[{ name: portal, placement: { site: kuas }, ... }]"),
            ParseVm);
        var policies = FederationParser.Items(context, map.List("policies", required: false, "[{ name: p1, between: [a, b], rate: 50mbit }]"),
            ParsePolicy);
        if (context.Errors.Count > before || tenant is null || name is null || networks is null || vms is null || policies is null)
        {
            return null;
        }
        var service = new Service(tenant, name, networks, vms, policies, map.Location);
        SourceMap.SetAll(service, map.ValueLocations);
        return service;
    }

    private static Network? ParseNetwork(YamlContext context, YamlNode node)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, "network", DescriptionKeys.Network);
        if (map is null)
        {
            return null;
        }
        var name = map.String("name", required: true);
        var cidr = map.Parse<Ipv4Cidr>("cidr", required: true, ValueParsers.Cidr);
        var arp = map.Parse("arp", required: false, ArpParser) ?? ArpMode.Switch;
        if (context.Errors.Count > before || name is null || cidr is null)
        {
            return null;
        }
        var network = new Network(name, cidr.Value, arp, map.Location);
        SourceMap.SetAll(network, map.ValueLocations);
        return network;
    }

    private static Vm? ParseVm(YamlContext context, YamlNode node)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, "VM", DescriptionKeys.Vm);
        if (map is null)
        {
            return null;
        }
        var name = map.String("name", required: true);
        string? site = null;
        string? host = null;
        var placementNode = map.Get("placement", required: true);
        var placement = placementNode is null ? null : context.Mapping(placementNode, $"placement of {map.What}", DescriptionKeys.Placement);
        if (placement is not null)
        {
            site = placement.String("site", required: false);
            host = placement.String("host", required: false);
        }
        var interfaces = FederationParser.Items(context, map.List("interfaces", required: true, "[{ network: front }]"),
            (c, n) => ParseInterface(c, n, $"interface of {map.What}"));
        if (context.Errors.Count > before || name is null || interfaces is null)
        {
            return null;
        }
        var vm = new Vm(name, site, host, interfaces, map.Location);
        SourceMap.SetAll(vm, map.ValueLocations);
        if (placement is not null)
        {
            foreach (var (key, location) in placement.ValueLocations)
            {
                SourceMap.Set(vm, key, location);
            }
        }
        return vm;
    }

    private static VmInterface? ParseInterface(YamlContext context, YamlNode node, string kind)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, kind, DescriptionKeys.Interface);
        if (map is null)
        {
            return null;
        }
        var network = map.String("network", required: true);
        var ip = map.ParseObject<IPAddress>("ip", required: false, ValueParsers.Ipv4);
        var mac = map.Parse<MacAddress>("mac", required: false, ValueParsers.Mac);
        if (context.Errors.Count > before || network is null)
        {
            return null;
        }
        var vif = new VmInterface(network, ip, mac, map.Location);
        SourceMap.SetAll(vif, map.ValueLocations);
        return vif;
    }

    private static Policy? ParsePolicy(YamlContext context, YamlNode node)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, "policy", DescriptionKeys.Policy);
        if (map is null)
        {
            return null;
        }
        var name = map.String("name", required: true);
        var network = map.String("network", required: false);
        var transit = map.String("transit", required: false);
        ValueList<string>? between = null;
        if (map.Get("between", required: false) is { } betweenNode && !YamlContext.IsNull(betweenNode))
        {
            between = FederationParser.Items(context, context.Sequence(betweenNode, $"'between' of {map.What}", "[portal, school-db]"),
                (c, n) => c.Scalar(n, $"a VM of {map.What}"));
        }
        var rate = map.Parse<long>("rate", required: false, ValueParsers.Rate);
        var guaranteed = map.Parse<long>("guaranteed", required: false, ValueParsers.Rate);
        var vlan = map.Parse<int>("vlan", required: false, ValueParsers.Integer);
        if (context.Errors.Count > before || name is null)
        {
            return null;
        }
        var policy = new Policy(name, network, between, transit, rate, guaranteed, vlan, map.Location);
        SourceMap.SetAll(policy, map.ValueLocations);
        return policy;
    }
}
