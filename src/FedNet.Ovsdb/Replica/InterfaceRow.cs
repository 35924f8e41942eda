namespace FedNet.Ovsdb.Replica;

/// <summary>An Interface row.</summary>
public sealed class InterfaceRow(OvsdbRow row) : TypedRow(row)
{
    public string Name => Str("name");

    /// <summary>"" (a system device), internal, patch, gre, vxlan, tap...</summary>
    public string Type => Str("type");
    public IReadOnlyDictionary<string, string> Options => Row["options"].AsStringMap();
    public long? OfPort => OptInt("ofport");
    public long? OfPortRequest => OptInt("ofport_request");
    public long IngressPolicingRate => OptInt("ingress_policing_rate") ?? 0;
    public long IngressPolicingBurst => OptInt("ingress_policing_burst") ?? 0;
    public string? MacInUse => OptStr("mac_in_use");
    public string? LinkState => OptStr("link_state");
    public string? Error => OptStr("error");
}
