using System.Diagnostics;
using System.Globalization;
using FedNet.Lab.Internal;

namespace FedNet.Lab;

public sealed partial class FederationLab
{
    /// <summary>How long a WAN forwarder may take to start (a .NET process on a busy 2-core machine).</summary>
    private static readonly TimeSpan ForwarderStartTimeout = TimeSpan.FromSeconds(30);

    // The emulator releases frames at their departure time; on a machine busy compiling, a normal-priority thread wakes
    // late and adds its own delay. SCHED_FIFO (when allowed) makes it wake on time; it sleeps between frames.
    private const string Realtime = "if chrt -f 20 true 2>/dev/null; then set -- chrt -f 20 \"$@\"; fi; ";

    /// <summary>
    /// A VPLS: an OVS bridge <c>vpls</c> in its own namespace with ports g0 (site A's gateway tr&lt;i&gt;), g1 (site B's),
    /// and the WAN emulator's TAPs wa/wb between them. Flows pass only the public VLANs (site A → wa, wb → site B and
    /// back); fail_mode=secure and a priority-0 drop remove everything else.
    /// </summary>
    private async Task<(LabTransitState Transit, LabProcessState Forwarder)> BuildVplsAsync(LabTopology topology, int index,
        LabTransit transit, OvsDaemon daemon, CancellationToken cancellationToken)
    {
        var id = _options.Id;
        var ns = daemon.Namespace;
        var gwA = LabNames.NodeNamespace(id, topology.GatewayOf(transit.SiteA).Name);
        var gwB = LabNames.NodeNamespace(id, topology.GatewayOf(transit.SiteB).Name);
        var tr = LabNames.TransitLink(index);
        var mtu = LabNames.LinkMtu;
        await Cmd.IpBatchAsync(ns,
        [
            $"link add g0 mtu {mtu} type veth peer name {tr} mtu {mtu} netns {gwA}",
            $"link add g1 mtu {mtu} type veth peer name {tr} mtu {mtu} netns {gwB}",
            "link set g0 up",
            "link set g1 up",
        ], cancellationToken).ConfigureAwait(false);
        await Cmd.IpBatchAsync(gwA, [$"link set {tr} up"], cancellationToken).ConfigureAwait(false);
        await Cmd.IpBatchAsync(gwB, [$"link set {tr} up"], cancellationToken).ConfigureAwait(false);

        var forwarder = await StartForwarderAsync(ns, daemon.Directory, "wan",
            new WanLinkConfig("wa", "wb", Path.Combine(daemon.Directory, "wan.pid"),
                new WanDirection(transit.Wan), new WanDirection(transit.Wan)),
            cancellationToken).ConfigureAwait(false);
        await Cmd.IpBatchAsync(ns, [$"link set wa mtu {mtu} up", $"link set wb mtu {mtu} up"], cancellationToken).ConfigureAwait(false);

        const string Bridge = "vpls";
        await daemon.VsctlAsync(["add-br", Bridge, "--", "set", "bridge", Bridge, "datapath_type=netdev", "fail_mode=secure",
            "protocols=OpenFlow13", "external_ids:fednet-lab=" + id,
            "--", "add-port", Bridge, "g0", "--", "set", "interface", "g0", "ofport_request=1",
            "--", "add-port", Bridge, "g1", "--", "set", "interface", "g1", "ofport_request=2",
            "--", "add-port", Bridge, "wa", "--", "set", "interface", "wa", "ofport_request=3",
            "--", "add-port", Bridge, "wb", "--", "set", "interface", "wb", "ofport_request=4"], cancellationToken).ConfigureAwait(false);
        var flows = new List<string> { "priority=0,actions=drop" };
        foreach (var vlan in transit.PublicVlans)
        {
            // Site A's side goes through the emulator (wa -> wb); site B's side the other way (wb -> wa).
            flows.Add($"priority=100,in_port=1,dl_vlan={vlan},actions=output:3");
            flows.Add($"priority=100,in_port=4,dl_vlan={vlan},actions=output:2");
            flows.Add($"priority=100,in_port=2,dl_vlan={vlan},actions=output:4");
            flows.Add($"priority=100,in_port=3,dl_vlan={vlan},actions=output:1");
        }
        await daemon.OfctlAsync("add-flows", Bridge, ["-"], string.Join('\n', flows) + "\n", cancellationToken).ConfigureAwait(false);
        return (new LabTransitState(index, transit.Name, transit.Kind, transit.SiteA, transit.SiteB, [.. transit.PublicVlans], transit.Wan,
            ns, Bridge, daemon.DbSocket), forwarder);
    }

    /// <summary>
    /// The L3 WAN: a router namespace with one leg per gateway that has a tunnel transit. Leg j is gateway wan0 ⇄ u{j}, a
    /// Linux bridge ub{j} joining u{j} to the emulator's TAP ta{j}, and the emulator's tb{j} as the routed interface
    /// (address <see cref="LabNames.RouterAddress"/>, route to the gateway's underlay). Frames leaving gateway j are delayed
    /// by the transit toward their destination's gateway; the way back is shaped by the far gateway's leg.
    /// </summary>
    private async Task<List<LabProcessState>> BuildWanAsync(LabTopology topology, IReadOnlyDictionary<string, OvsDaemon> daemons,
        CancellationToken cancellationToken)
    {
        var id = _options.Id;
        var ns = LabNames.WanNamespace(id);
        var mtu = LabNames.LinkMtu;
        var router = LabNames.RouterAddress;
        var gateways = topology.Sites.Where(s => topology.HasTunnel(s.Name)).Select(s => s.Gateway).ToList();
        var prefix = CommonPrefixLength(gateways.Select(g => g.Underlay!));
        var wanDir = Path.Combine(_options.Directory, "wan");
        Directory.CreateDirectory(wanDir);
        await Cmd.InNamespaceAsync(ns, "sysctl", ["-q", "-w", "net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0",
            "net.ipv4.conf.default.rp_filter=0",
            // arp_ignore=1: only tb{j} (which holds the router address) answers ARP. Otherwise the leg bridges ub{j} answer
            // too, faster than the emulator, and the gateways send to the router around it.
            "net.ipv4.conf.all.arp_ignore=1", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
            // The gateways see each other on-link (see below): the router answers their ARP for one another, at once.
            "net.ipv4.conf.all.proxy_arp=1"],
            null, cancellationToken).ConfigureAwait(false);
        var processes = new List<LabProcessState>();
        var legs = new List<string>();
        for (var j = 0; j < gateways.Count; j++)
        {
            var gw = gateways[j];
            legs.Add($"link add u{j} mtu {mtu} type veth peer name {LabNames.WanLink} mtu {mtu} " +
                $"netns {LabNames.NodeNamespace(id, gw.Name)}");
            legs.Add($"link add ub{j} type bridge stp_state 0 forward_delay 0");
            legs.Add($"link set ub{j} arp off up");
            legs.Add($"link set u{j} master ub{j}");
            legs.Add($"link set u{j} up");
        }
        await Cmd.IpBatchAsync(ns, legs, cancellationToken).ConfigureAwait(false);

        await ParallelAsync(Enumerable.Range(0, gateways.Count), async j =>
        {
            var gw = gateways[j];
            var toPeers = topology.Transits
                .Where(t => t.Kind == LabTransitKind.Tunnel && (t.SiteA == gw.Site || t.SiteB == gw.Site))
                .ToDictionary(t => topology.GatewayOf(t.SiteA == gw.Site ? t.SiteB : t.SiteA).Underlay!, t => t.Wan);
            var config = new WanLinkConfig($"ta{j}", $"tb{j}", Path.Combine(wanDir, $"leg{j}.pid"),
                new WanDirection(LabWan.None, toPeers), new WanDirection(LabWan.None));
            var forwarder = await StartForwarderAsync(ns, wanDir, $"leg{j}", config, cancellationToken).ConfigureAwait(false);
            lock (processes)
                processes.Add(forwarder);
            await Cmd.IpBatchAsync(ns,
            [
                $"link set ta{j} mtu {mtu} master ub{j} up",
                $"link set tb{j} mtu {mtu} up",
                $"addr add {router}/32 dev tb{j}",
                $"route add {gw.Underlay}/32 dev tb{j}",
            ], cancellationToken).ConfigureAwait(false);
            // Proxy ARP answers after a random wait of up to proxy_delay (0.8 s) unless told otherwise.
            await Cmd.InNamespaceAsync(ns, "sysctl", ["-q", "-w", $"net.ipv4.neigh.tb{j}.proxy_delay=0"], null, cancellationToken)
                .ConfigureAwait(false);

            var daemon = daemons[gw.Name];
            var bridge = LabNames.UnderlayBridge;
            await daemon.VsctlAsync(["add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev", "fail_mode=standalone",
                "external_ids:fednet-lab=" + id, "--", "set", "interface", bridge, $"mtu_request={mtu}",
                "--", "add-port", bridge, LabNames.WanLink], cancellationToken).ConfigureAwait(false);
            await AddressUnderlayAsync(LabNames.NodeNamespace(id, gw.Name), gw.Underlay!, prefix, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return processes;
    }

    /// <summary>
    /// Gives a gateway's <c>br-underlay</c> internal port its underlay address and route to the router (at lab up, and again
    /// after ovs-vswitchd restarted and recreated the port).
    /// </summary>
    private static async Task AddressUnderlayAsync(string ns, string underlay, int prefix, CancellationToken cancellationToken)
    {
        var bridge = LabNames.UnderlayBridge;
        // OVS's userspace tunnels only use a route whose destination shares a subnet with an address of the output
        // bridge (it ignores /32 addresses with gateway routes): so the underlay address gets the longest prefix that
        // covers every WAN gateway, the peers are on-link, and the router proxies their ARP.
        List<string> routes =
        [
            $"link set {LabNames.WanLink} up",
            $"link set {bridge} up",
            $"addr replace {underlay}/{prefix} dev {bridge}",
            $"route replace {LabNames.RouterAddress}/32 dev {bridge}",
        ];
        await Cmd.IpBatchAsync(ns, routes, cancellationToken).ConfigureAwait(false);
        // Kernel traffic on the underlay (iperf between gateways) leaves through an OVS userspace port: without this
        // its TCP checksums stay unfilled and TCP stalls.
        await Cmd.InNamespaceAsync(ns, "ethtool", ["-K", bridge, "tx", "off"], null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The longest IPv4 prefix (at most /30) covering all <paramref name="addresses"/> in which none of them is the
    /// subnet's network or broadcast address.
    /// </summary>
    internal static int CommonPrefixLength(IEnumerable<string> addresses)
    {
        var values = addresses.Select(a => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(
            System.Net.IPAddress.Parse(a).GetAddressBytes())).ToList();
        var differing = values.Aggregate(0u, (acc, v) => acc | (v ^ values[0]));
        var prefix = Math.Min(30, System.Numerics.BitOperations.LeadingZeroCount(differing));
        while (prefix > 1)
        {
            var host = uint.MaxValue >> prefix;
            if (values.All(v => (v & host) != 0 && (v & host) != host))
                break;
            prefix--;
        }
        return prefix;
    }

    /// <summary>
    /// Starts <c>fednet lab wan-forward CONFIG</c> in <paramref name="ns"/>, detached (own session, stdio to a log file) so it
    /// outlives <c>lab up</c>, and waits for the PID file it writes once its TAPs exist.
    /// </summary>
    private async Task<LabProcessState> StartForwarderAsync(string ns, string directory, string name, WanLinkConfig config,
        CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(directory, name + ".json");
        var log = Path.Combine(directory, name + ".log");
        await WriteJsonAsync(configPath, config, cancellationToken).ConfigureAwait(false);
        var fednet = ResolveFednetCommand();
        await Cmd.RunAsync("setsid", ["-f", "sh", "-c", Realtime + "exec \"$@\" </dev/null >>\"$FEDNET_LAB_LOG\" 2>&1", "sh",
                "ip", "netns", "exec", ns, .. fednet, "lab", "wan-forward", configPath],
            new Dictionary<string, string> { ["FEDNET_LAB_LOG"] = log }, null, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        int pid;
        while (!(File.Exists(config.PidFile)
            && int.TryParse(SafeRead(config.PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out pid)))
        {
            if (clock.Elapsed > ForwarderStartTimeout)
            {
                var text = File.Exists(log) ? File.ReadAllText(log).Trim() : "(no log)";
                throw new LabException(
                    $"the WAN forwarder {name} in {ns} did not start within {ForwarderStartTimeout.TotalSeconds:0} s: {text}");
            }
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        return new LabProcessState(pid, "wan-forward " + name, ns, config.PidFile);
    }

    /// <summary>The command that runs the fednet CLI: the options' one, the running CLI, or a fednet.dll beside this assembly.</summary>
    private IReadOnlyList<string> ResolveFednetCommand()
    {
        if (_options.FednetCommand is { Count: > 0 } configured)
            return configured;
        return FednetExecutable.Command() ?? throw new LabException("cannot find the fednet CLI to run the WAN forwarder: set LabOptions.FednetCommand");
    }
}
