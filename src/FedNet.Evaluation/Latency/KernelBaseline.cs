using System.Globalization;
using FedNet.Lab;

namespace FedNet.Evaluation.Latency;

/// <summary>
/// The latency baseline without FedNet or Open vSwitch on the tenant's path (the paper's "IP" series): inside the same
/// lab, each VM gets a second interface <c>bl0</c> on a Linux bridge <c>blbr</c> in its host's namespace; each host's
/// bridge is joined by a veth (standing in for the segment) to a Linux bridge in its site's gateway namespace, and the
/// two gateways' bridges by a kernel VXLAN device across the lab's L3 WAN (the same router and the same delay emulation
/// as FedNet's GRE transit; UDP port 4790, so captures of FedNet's transits never count it). Built once, torn down with
/// the lab's namespaces. Baseline addresses: 10.132.N.1 (site A) and 10.132.N.2 (site B) for pair N.
/// </summary>
internal sealed class KernelBaseline
{
    private const string Bridge = "blbr";
    private const string Vxlan = "blvx";
    private const string VmInterface = "bl0";
    private const int Vni = 4242;
    private const int Port = 4790;

    /// <summary>Where pair N's baseline ping goes from site A's VM.</summary>
    public static string AddressB(int n) => $"10.132.{n.ToString(CultureInfo.InvariantCulture)}.2";

    private static string AddressA(int n) => $"10.132.{n.ToString(CultureInfo.InvariantCulture)}.1";

    /// <summary>What the baseline is, for the report's conditions.</summary>
    public static string Description(LabNodeState gatewayA, LabNodeState gatewayB) =>
        $"Baseline (the paper's IP series): the same VM namespaces, a second interface each on a Linux bridge in its host, " +
        $"host bridge joined by a veth to a Linux bridge in its site's gateway namespace, the two gateways joined by a kernel " +
        $"VXLAN device ({gatewayA.Underlay} ↔ {gatewayB.Underlay}, VNI {Vni}, UDP {Port}) across the same lab WAN router and " +
        "delay emulator as FedNet's GRE transit. No FedNet flows and no OVS on the tenant path, except that the gateways' " +
        "underlay address lives on the lab's br-underlay (an OVS bridge FedNet never touches), which FedNet's GRE packets cross too.";

    /// <summary>
    /// Builds the baseline for pairs (n, namespace of VM aNN on <paramref name="hostA"/>, namespace of VM bNN on
    /// <paramref name="hostB"/>).
    /// </summary>
    public static async Task BuildAsync(LabState state, string hostA, string hostB, IReadOnlyList<(int N, string NsA, string NsB)> pairs,
        CancellationToken cancellationToken = default)
    {
        var a = state.Node(hostA) ?? throw new InvalidOperationException($"no host {hostA} in lab '{state.Id}'");
        var b = state.Node(hostB) ?? throw new InvalidOperationException($"no host {hostB} in lab '{state.Id}'");
        var gwA = GatewayOf(state, a.Site);
        var gwB = GatewayOf(state, b.Site);
        await SiteAsync(a, gwA, gwB, cancellationToken).ConfigureAwait(false);
        await SiteAsync(b, gwB, gwA, cancellationToken).ConfigureAwait(false);
        foreach (var (n, nsA, nsB) in pairs)
        {
            await VmAsync(nsA, a.Namespace, n, AddressA(n), cancellationToken).ConfigureAwait(false);
            await VmAsync(nsB, b.Namespace, n, AddressB(n), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The gateway node of <paramref name="site"/>.</summary>
    public static LabNodeState GatewayOf(LabState state, string site) =>
        state.Nodes.FirstOrDefault(n => n.Kind == LabNodeKind.Gateway && n.Site == site)
        ?? throw new InvalidOperationException($"lab '{state.Id}' has no gateway in site {site}");

    private static async Task SiteAsync(LabNodeState host, LabNodeState gateway, LabNodeState farGateway, CancellationToken cancellationToken)
    {
        var local = Underlay(gateway);
        var remote = Underlay(farGateway);
        await IpAsync(gateway.Namespace, cancellationToken, "link", "add", Bridge, "type", "bridge").ConfigureAwait(false);
        await IpAsync(gateway.Namespace, cancellationToken, "link", "set", Bridge, "up").ConfigureAwait(false);
        await IpAsync(gateway.Namespace, cancellationToken, "link", "add", Vxlan, "type", "vxlan", "id", Vni.ToString(CultureInfo.InvariantCulture),
            "local", local, "remote", remote, "dstport", Port.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await IpAsync(gateway.Namespace, cancellationToken, "link", "set", Vxlan, "master", Bridge, "up").ConfigureAwait(false);
        await IpAsync(host.Namespace, cancellationToken, "link", "add", Bridge, "type", "bridge").ConfigureAwait(false);
        await IpAsync(host.Namespace, cancellationToken, "link", "set", Bridge, "up").ConfigureAwait(false);
        // The host-to-gateway link (in place of the segment, which carries FedNet's trunk and ends on the gateway's OVS).
        await IpAsync(null, cancellationToken, "link", "add", "blup", "netns", host.Namespace, "type", "veth", "peer", "name", "bldn", "netns", gateway.Namespace)
            .ConfigureAwait(false);
        await IpAsync(host.Namespace, cancellationToken, "link", "set", "blup", "master", Bridge, "up").ConfigureAwait(false);
        await IpAsync(gateway.Namespace, cancellationToken, "link", "set", "bldn", "master", Bridge, "up").ConfigureAwait(false);
    }

    private static async Task VmAsync(string vmNs, string hostNs, int n, string address, CancellationToken cancellationToken)
    {
        var hostSide = "bv" + n.ToString("00", CultureInfo.InvariantCulture);
        await IpAsync(null, cancellationToken, "link", "add", VmInterface, "netns", vmNs, "type", "veth", "peer", "name", hostSide, "netns", hostNs)
            .ConfigureAwait(false);
        await IpAsync(vmNs, cancellationToken, "addr", "add", address + "/24", "dev", VmInterface).ConfigureAwait(false);
        await IpAsync(vmNs, cancellationToken, "link", "set", VmInterface, "up").ConfigureAwait(false);
        await IpAsync(hostNs, cancellationToken, "link", "set", hostSide, "master", Bridge, "up").ConfigureAwait(false);
    }

    private static string Underlay(LabNodeState gateway) =>
        (gateway.Underlay ?? throw new InvalidOperationException($"gateway {gateway.Name} has no underlay address")).Split('/')[0];

    private static Task IpAsync(string? ns, CancellationToken cancellationToken, params string[] args) =>
        VmTools.RunCheckedAsync(ns is null ? ["ip", .. args] : ["ip", "-n", ns, .. args], cancellationToken: cancellationToken);
}
