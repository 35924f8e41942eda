using YamlDotNet.RepresentationModel;

namespace FedNet.Model.Internal;

/// <summary>Builds a <see cref="Federation"/> from a YAML document, reporting shape and value errors.</summary>
internal static class FederationParser
{
    /// <summary>VXLAN's 24-bit VNI space (which GRE's 32-bit key also holds) minus 0.</summary>
    public static readonly NumberRange DefaultTunnelKeys = new(1, 16_777_215);

    public static Federation? Parse(YamlContext context, YamlNode root)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(root, "federation description", DescriptionKeys.Federation);
        if (map is null)
        {
            return null;
        }
        var name = map.String("federation", required: true);
        var prefix = map.Parse<MacPrefix>("macPrefix", required: true, ValueParsers.MacPrefix);
        var keys = map.Parse<NumberRange>("tunnelKeys", required: false, ValueParsers.Range) ?? DefaultTunnelKeys;
        var sites = Items(context, map.List("sites", required: true, "[{ name: kuas, privateVlans: 100-199, ... }]"), ParseSite);
        var transits = Items(context, map.List("transits", required: false, "[{ name: kuas-ncku, type: vpls, ... }]"), ParseTransit);
        if (context.Errors.Count > before || name is null || prefix is null || sites is null || transits is null)
        {
            return null;
        }
        var federation = new Federation(name, prefix.Value, keys, sites, transits, map.Location);
        SourceMap.SetAll(federation, map.ValueLocations);
        return federation;
    }

    /// <summary>Parses every item (so every error is reported); null when any item failed.</summary>
    public static ValueList<T>? Items<T>(YamlContext context, IReadOnlyList<YamlNode>? nodes, Func<YamlContext, YamlNode, T?> parse)
        where T : class
    {
        if (nodes is null)
        {
            return null;
        }
        var items = new List<T>(nodes.Count);
        var failed = false;
        foreach (var node in nodes)
        {
            var item = parse(context, node);
            if (item is null)
            {
                failed = true;
            }
            else
            {
                items.Add(item);
            }
        }
        return failed ? null : ValueList.From(items);
    }

    private static Site? ParseSite(YamlContext context, YamlNode node)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, "site", DescriptionKeys.Site);
        if (map is null)
        {
            return null;
        }
        var name = map.String("name", required: true);
        var vlans = map.Parse<NumberRange>("privateVlans", required: true, ValueParsers.Range);
        var segments = Items(context, map.List("segments", required: true, "[kuas-lan]"), (c, n) =>
        {
            var text = c.Scalar(n, $"a segment name of {map.What}");
            return text is null ? null : new Segment(text, c.At(n));
        });
        var siteName = name ?? string.Empty;
        var hosts = Items(context, map.List("hosts", required: false, "[{ name: kuas-rack1, segment: kuas-lan, underlay: 10.1.0.11 }]"),
            (c, n) => ParseHost(c, n, siteName));
        var gatewayNode = map.Get("gateway", required: true);
        var gateway = gatewayNode is null ? null : ParseGateway(context, gatewayNode, siteName);
        if (context.Errors.Count > before || name is null || vlans is null || segments is null || hosts is null || gateway is null)
        {
            return null;
        }
        var site = new Site(name, vlans.Value, segments, hosts, gateway, map.Location);
        SourceMap.SetAll(site, map.ValueLocations);
        return site;
    }

    private static readonly ValueParser<HostDriver> DriverParser =
        ValueParsers.Keyword(("ovs", HostDriver.Ovs), ("bridge-per-network", HostDriver.BridgePerNetwork));

    private static Host? ParseHost(YamlContext context, YamlNode node, string site)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, "host", DescriptionKeys.Host);
        if (map is null)
        {
            return null;
        }
        var name = map.String("name", required: true);
        var segment = map.String("segment", required: true);
        var underlay = map.ParseObject<System.Net.IPAddress>("underlay", required: true, ValueParsers.Ipv4);
        var driver = map.Parse("driver", required: false, DriverParser) ?? HostDriver.Ovs;
        if (context.Errors.Count > before || name is null || segment is null || underlay is null)
        {
            return null;
        }
        var host = new Host(name, site, segment, underlay, driver, map.Location);
        SourceMap.SetAll(host, map.ValueLocations);
        return host;
    }

    private static Gateway? ParseGateway(YamlContext context, YamlNode node, string site)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, "gateway", DescriptionKeys.Gateway);
        if (map is null)
        {
            return null;
        }
        var name = map.String("name", required: true);
        var segment = map.String("segment", required: true);
        var underlay = map.ParseObject<System.Net.IPAddress>("underlay", required: true, ValueParsers.Ipv4);
        if (context.Errors.Count > before || name is null || segment is null || underlay is null)
        {
            return null;
        }
        var gateway = new Gateway(name, site, segment, underlay, map.Location);
        SourceMap.SetAll(gateway, map.ValueLocations);
        return gateway;
    }

    private static readonly ValueParser<TransitKind> KindParser =
        ValueParsers.Keyword(("vpls", TransitKind.Vpls), ("tunnel", TransitKind.Tunnel));

    private static readonly ValueParser<TunnelProtocol> ProtocolParser =
        ValueParsers.Keyword(("gre", TunnelProtocol.Gre), ("vxlan", TunnelProtocol.Vxlan));

    private static Transit? ParseTransit(YamlContext context, YamlNode node)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, "transit", DescriptionKeys.Transit);
        if (map is null)
        {
            return null;
        }
        var name = map.String("name", required: true);
        var kind = map.Parse("type", required: true, KindParser);
        var sites = Items(context, map.List("between", required: true, "[kuas, ncku]"), (c, n) => c.Scalar(n, $"a site of {map.What}"));
        var vlans = ParseVlans(context, map);
        var protocol = map.Parse("protocol", required: false, ProtocolParser);
        var wanNode = map.Get("wan", required: false);
        var wan = wanNode is null || YamlContext.IsNull(wanNode) ? WanCharacteristics.None with { Location = map.Location } : ParseWan(context, wanNode, $"wan of {map.What}");
        if (name is null || kind is null || sites is null || vlans is null || wan is null || context.Errors.Count > before)
        {
            return null;
        }
        var transit = new Transit(name, kind.Value, sites, vlans, protocol ?? (kind == TransitKind.Tunnel ? TunnelProtocol.Gre : null),
            wan, map.Location);
        SourceMap.SetAll(transit, map.ValueLocations);
        return transit;
    }

    private static ValueList<int>? ParseVlans(YamlContext context, MappingReader map)
    {
        var nodes = map.List("publicVlans", required: false, "[2782]");
        if (nodes is null)
        {
            return null;
        }
        var vlans = new List<int>();
        var failed = false;
        foreach (var node in nodes)
        {
            var text = context.Scalar(node, $"a public VLAN of {map.What}");
            if (text is null)
            {
                failed = true;
            }
            else if (ValueParsers.Integer(text, out var vlan, out var error))
            {
                vlans.Add(vlan);
            }
            else
            {
                context.Error(node, $"a public VLAN of {map.What}: {error}");
                failed = true;
            }
        }
        return failed ? null : ValueList.From(vlans);
    }

    private static WanCharacteristics? ParseWan(YamlContext context, YamlNode node, string kind)
    {
        var before = context.Errors.Count;
        var map = context.Mapping(node, kind, DescriptionKeys.Wan);
        if (map is null)
        {
            return null;
        }
        var delay = map.Parse<TimeSpan>("delay", required: false, ValueParsers.Duration);
        var jitter = map.Parse<TimeSpan>("jitter", required: false, ValueParsers.Duration);
        var loss = map.Parse<double>("loss", required: false, ValueParsers.Percent);
        var rate = map.Parse<long>("rate", required: false, ValueParsers.Rate);
        if (context.Errors.Count > before)
        {
            return null;
        }
        var wan = new WanCharacteristics(delay ?? TimeSpan.Zero, jitter ?? TimeSpan.Zero, loss ?? 0, rate, map.Location);
        SourceMap.SetAll(wan, map.ValueLocations);
        return wan;
    }
}
