namespace FedNet.Planning;

/// <summary>Port names and numbers FedNet uses on its bridges (see docs/pipeline.md).</summary>
public static class Ports
{
    /// <summary>The trunk to the site segment, on every host and gateway bridge.</summary>
    public const string Segment = "seg0";

    /// <summary>ofport of <see cref="Segment"/>.</summary>
    public const uint SegmentOfport = 1;

    /// <summary>First ofport of a VPLS transit port: tr&lt;i&gt; is 10 + i.</summary>
    public const uint FirstVplsOfport = 10;

    /// <summary>First ofport of a tunnel port: tn&lt;i&gt; is 200 + i.</summary>
    public const uint FirstTunnelOfport = 200;

    /// <summary>The integration bridge of an <c>ovs</c> host.</summary>
    public const string IntegrationBridge = "br-int";

    /// <summary>The gateway bridge.</summary>
    public const string GatewayBridge = "br-gw";

    /// <summary>The trunk bridge of a <c>bridge-per-network</c> host.</summary>
    public const string SegmentBridge = "br-seg";

    /// <summary>The name of the vif port for <paramref name="mac"/>: vf + its last three bytes in hex (the lab's name).</summary>
    public static string Vif(ulong mac) =>
        string.Create(8, (uint)(mac & 0xFFFFFF), static (span, low) =>
        {
            span[0] = 'v';
            span[1] = 'f';
            for (var i = 7; i >= 2; i--, low >>= 4)
                span[i] = "0123456789abcdef"[(int)(low & 0xF)];
        });

    /// <summary>The VPLS port of transit <paramref name="index"/>.</summary>
    public static string Vpls(int index) => "tr" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The tunnel port of transit <paramref name="index"/>.</summary>
    public static string Tunnel(int index) => "tn" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The learning bridge of the network with private VLAN <paramref name="vlan"/> on a bridge-per-network host.</summary>
    public static string NetworkBridge(int vlan) => "bn" + vlan.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The patch port on br-seg toward <see cref="NetworkBridge"/>.</summary>
    public static string SegmentPatch(int vlan) => "ps" + vlan.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// ofport of <see cref="SegmentPatch"/> on br-seg: 1000 + the private VLAN (at most 5094), so br-seg's flows name the
    /// network's patch without an allocation and the number never changes while the network keeps its VLAN.
    /// </summary>
    public static uint SegmentPatchOfport(int vlan) => 1000 + (uint)vlan;

    /// <summary>The patch port on <see cref="NetworkBridge"/> toward br-seg.</summary>
    public static string NetworkPatch(int vlan) => "pb" + vlan.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
