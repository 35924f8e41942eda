namespace FedNet.Lab.Internal;

/// <summary>
/// Names of everything a lab creates. Namespaces carry the lab id (<c>fnl-&lt;id&gt;-</c>); interfaces live inside the
/// lab's own namespaces, so their short fixed names (≤15 characters) never collide between labs.
/// </summary>
internal static class LabNames
{
    public static string Prefix(string id) => $"fnl-{id}-";

    public static string NodeNamespace(string id, string node) => $"fnl-{id}-n-{node}";

    public static string VmNamespace(string id, string vm) => $"fnl-{id}-v-{vm}";

    public static string SegmentNamespace(string id) => $"fnl-{id}-seg";

    public static string VplsNamespace(string id, int transit) => $"fnl-{id}-vpls{transit}";

    public static string WanNamespace(string id) => $"fnl-{id}-wan";

    /// <summary>The node's link to its segment (contract).</summary>
    public const string SegmentLink = "seg0";

    /// <summary>The gateway's link to the L3 WAN (contract).</summary>
    public const string WanLink = "wan0";

    /// <summary>The lab-owned bridge in a gateway that carries its underlay address (contract).</summary>
    public const string UnderlayBridge = "br-underlay";

    /// <summary>The gateway's link to VPLS transit <paramref name="index"/> (contract).</summary>
    public static string TransitLink(int index) => $"tr{index}";

    /// <summary>The router's address on every WAN leg: the gateways' next hop to each other's underlay.</summary>
    public const string RouterAddress = "169.254.100.1";

    /// <summary>MTU of the lab's links: room for a GRE/VXLAN header and a VLAN tag over 1500-byte VM frames.</summary>
    public const int LinkMtu = 1600;

    /// <summary>The VM's peer interface in its host: <c>vf</c> + the MAC's last three bytes (contract).</summary>
    public static string VifName(string mac)
    {
        var bytes = mac.Split(':');
        if (bytes.Length != 6 || bytes.Any(b => b.Length != 2 || !b.All(Uri.IsHexDigit)))
            throw new LabException($"'{mac}' is not a MAC address (expected six hex bytes like 02:fe:00:0a:0b:0c)");
        return ("vf" + bytes[3] + bytes[4] + bytes[5]).ToLowerInvariant();
    }
}
