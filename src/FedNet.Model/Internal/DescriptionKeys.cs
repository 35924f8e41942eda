namespace FedNet.Model.Internal;

/// <summary>
/// Every key the reader accepts, per element. The JSON Schemas in docs/schema/ must list exactly these (a test
/// compares them), and unknown-key errors quote them.
/// </summary>
internal static class DescriptionKeys
{
    public static readonly string[] Federation = ["federation", "macPrefix", "tunnelKeys", "sites", "transits"];
    public static readonly string[] Site = ["name", "privateVlans", "segments", "hosts", "gateway"];
    public static readonly string[] Host = ["name", "segment", "underlay", "driver"];
    public static readonly string[] Gateway = ["name", "segment", "underlay"];
    public static readonly string[] Transit = ["name", "type", "between", "publicVlans", "protocol", "wan"];
    public static readonly string[] Wan = ["delay", "jitter", "loss", "rate"];

    public static readonly string[] Service = ["tenant", "service", "networks", "vms", "policies"];
    public static readonly string[] Network = ["name", "cidr", "arp"];
    public static readonly string[] Vm = ["name", "placement", "interfaces"];
    public static readonly string[] Placement = ["site", "host"];
    public static readonly string[] Interface = ["network", "ip", "mac"];
    public static readonly string[] Policy = ["name", "network", "transit", "between", "rate", "guaranteed", "vlan"];

    /// <summary>Element name (as the schema's definitions call it) to its keys, for the schema sync test.</summary>
    public static IReadOnlyDictionary<string, string[]> FederationElements { get; } = new Dictionary<string, string[]>
    {
        ["federation"] = Federation,
        ["site"] = Site,
        ["host"] = Host,
        ["gateway"] = Gateway,
        ["transit"] = Transit,
        ["wan"] = Wan,
    };

    /// <summary>Element name (as the schema's definitions call it) to its keys, for the schema sync test.</summary>
    public static IReadOnlyDictionary<string, string[]> ServiceElements { get; } = new Dictionary<string, string[]>
    {
        ["service"] = Service,
        ["network"] = Network,
        ["vm"] = Vm,
        ["placement"] = Placement,
        ["interface"] = Interface,
        ["policy"] = Policy,
    };
}
