using System.Globalization;
using FedNet.Lab;

namespace FedNet.Evaluation.Throughput.Internal;

/// <summary>
/// Figure 4's baseline: a lab of the same federation built by the same <see cref="FederationLab"/> code (namespaces,
/// segment bridges, VPLS filter, router, WAN emulators) and the same VMs, but no FedNet and no OVS forwarding in the
/// sites. Every host and gateway forwards with one Linux bridge <c>fb0</c> (its VMs' veths, <c>seg0</c>, its transit
/// links); frames cross segments untagged; a gateway's VPLS link tags and untags the public VLAN with a tc eBPF program
/// (this kernel has neither VLAN sub-interfaces nor tc's vlan action); across L3, gateways are joined by kernel VXLAN
/// devices over <c>wan0</c>, which takes the underlay address from the lab's <c>br-underlay</c> OVS bridge (removed).
/// Disposing takes the lab down and deletes the compiled program.
/// </summary>
internal sealed class KernelBaseline : IAsyncDisposable
{
    /// <summary>The per-node Linux bridge.</summary>
    public const string Bridge = "fb0";

    /// <summary>VXLAN network identifier of tunnel transit i: <see cref="VniBase"/> + i.</summary>
    public const int VniBase = 4000;

    private const string UnderlayBridge = "br-underlay";
    private const string WanLink = "wan0";
    private const string SegmentLink = "seg0";

    // Two tc programs: push the public VLAN on frames leaving toward the VPLS, pop it from frames coming in.
    // Helper ids 18/19 are bpf_skb_vlan_push/pop (include/uapi/linux/bpf.h); no headers, so only clang is needed.
    private const string VlanProgram = """
        typedef unsigned short u16;
        static long (*skb_vlan_push)(void *skb, u16 proto, u16 tci) = (void *)18;
        static long (*skb_vlan_pop)(void *skb) = (void *)19;
        __attribute__((section("vpush"), used)) int push_public_vlan(void *skb) { skb_vlan_push(skb, 0x0081 /* htons(0x8100) */, VLAN); return 0; }
        __attribute__((section("vpop"), used)) int pop_public_vlan(void *skb) { skb_vlan_pop(skb); return 0; }
        char _license[] __attribute__((section("license"), used)) = "GPL";
        """;

    private readonly string _workDirectory;

    private KernelBaseline(FederationLab lab, string workDirectory)
    {
        Lab = lab;
        _workDirectory = workDirectory;
    }

    /// <summary>The lab (FedNet never ran on it).</summary>
    public FederationLab Lab { get; }

    /// <summary>The lab as built, with the VMs.</summary>
    public LabState State => Lab.ReadState();

    /// <summary>
    /// Brings up <paramref name="federationPath"/>'s lab, binds <paramref name="vms"/> through the lab's compute driver
    /// and joins everything with Linux bridges, eBPF VLAN tagging toward VPLS transits and VXLAN across tunnel transits.
    /// Everything is taken down again if a step fails.
    /// </summary>
    public static async Task<KernelBaseline> StartAsync(LabOptions options, string federationPath, IReadOnlyList<VmSpec> vms,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var lab = new FederationLab(options);
        var work = Directory.CreateTempSubdirectory("fednet-fig4-").FullName;
        var baseline = new KernelBaseline(lab, work);
        try
        {
            await lab.UpAsync(LabTopology.Load(federationPath), progress, cancellationToken).ConfigureAwait(false);
            var driver = new NamespaceComputeDriver(lab);
            foreach (var vm in vms)
                await driver.BindAsync(vm, cancellationToken).ConfigureAwait(false);
            await baseline.WireAsync(lab.ReadState(), cancellationToken).ConfigureAwait(false);
            progress?.Report($"kernel baseline wired: Linux bridge {Bridge} in every host and gateway, {vms.Count} VMs");
            return baseline;
        }
        catch
        {
            await baseline.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The namespace of VM <paramref name="vm"/>.</summary>
    public string Namespace(string vm) =>
        State.Vm(vm)?.Namespace ?? throw new InvalidOperationException($"VM {vm} is not in lab '{Lab.Options.Id}'");

    private async Task WireAsync(LabState state, CancellationToken cancellationToken)
    {
        var programs = new Dictionary<int, string>();
        foreach (var node in state.Nodes)
        {
            var ns = node.Namespace;
            await IpAsync(ns, cancellationToken, "link", "add", Bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0").ConfigureAwait(false);
            await IpAsync(ns, cancellationToken, "link", "set", Bridge, "up").ConfigureAwait(false);
            await IpAsync(ns, cancellationToken, "link", "set", SegmentLink, "master", Bridge).ConfigureAwait(false);
            if (node.Kind == LabNodeKind.Host)
            {
                foreach (var vm in state.Vms.Where(v => v.Host == node.Name))
                    await IpAsync(ns, cancellationToken, "link", "set", vm.HostInterface, "master", Bridge).ConfigureAwait(false);
                continue;
            }
            var transits = state.Transits.Where(t => t.SiteA == node.Site || t.SiteB == node.Site).ToList();
            foreach (var t in transits.Where(t => t.Kind == LabTransitKind.Vpls))
            {
                if (t.PublicVlans.Count != 1)
                    throw new InvalidOperationException($"transit {t.Name}: the kernel baseline carries one public VLAN, not {t.PublicVlans.Count}");
                var vlan = t.PublicVlans[0];
                if (!programs.TryGetValue(vlan, out var program))
                    programs[vlan] = program = await CompileAsync(vlan, cancellationToken).ConfigureAwait(false);
                var link = $"tr{t.Index}";
                await IpAsync(ns, cancellationToken, "link", "set", link, "master", Bridge).ConfigureAwait(false);
                await RunAsync(cancellationToken, "ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", link, "clsact").ConfigureAwait(false);
                await RunAsync(cancellationToken, "ip", "netns", "exec", ns, "tc", "filter", "add", "dev", link, "egress", "bpf", "da", "obj", program,
                    "sec", "vpush").ConfigureAwait(false);
                await RunAsync(cancellationToken, "ip", "netns", "exec", ns, "tc", "filter", "add", "dev", link, "ingress", "bpf", "da", "obj", program,
                    "sec", "vpop").ConfigureAwait(false);
            }
            var tunnels = transits.Where(t => t.Kind == LabTransitKind.Tunnel).ToList();
            if (tunnels.Count == 0)
                continue;
            // wan0 takes br-underlay's address (same prefix: the other gateways stay on-link, the router proxies their ARP),
            // so VXLAN leaves through the kernel alone.
            var shown = await RunAsync(cancellationToken, "ip", "-n", ns, "-4", "-o", "addr", "show", "dev", UnderlayBridge).ConfigureAwait(false);
            var cidr = ParseInetAddress(shown) ?? throw new InvalidOperationException($"{node.Name}: no IPv4 address on {UnderlayBridge}: {shown.Trim()}");
            await RunAsync(cancellationToken, "ovs-vsctl", $"--db={node.OvsdbTarget}", "--timeout=10", "del-br", UnderlayBridge).ConfigureAwait(false);
            await IpAsync(ns, cancellationToken, "addr", "add", cidr, "dev", WanLink).ConfigureAwait(false);
            await IpAsync(ns, cancellationToken, "link", "set", WanLink, "up").ConfigureAwait(false);
            foreach (var t in tunnels)
            {
                var peerSite = t.SiteA == node.Site ? t.SiteB : t.SiteA;
                var peer = state.Nodes.Single(n => n.Kind == LabNodeKind.Gateway && n.Site == peerSite);
                var device = $"fvx{t.Index}";
                await IpAsync(ns, cancellationToken, "link", "add", device, "type", "vxlan", "id", (VniBase + t.Index).ToString(CultureInfo.InvariantCulture),
                    "local", node.Underlay!, "remote", peer.Underlay!, "dstport", "4789", "dev", WanLink).ConfigureAwait(false);
                await IpAsync(ns, cancellationToken, "link", "set", device, "mtu", "1500", "master", Bridge, "up").ConfigureAwait(false);
            }
        }
    }

    /// <summary>Compiles the VLAN push/pop programs for <paramref name="vlan"/>; returns the object file.</summary>
    private async Task<string> CompileAsync(int vlan, CancellationToken cancellationToken)
    {
        var source = Path.Combine(_workDirectory, "vlan.c");
        var obj = Path.Combine(_workDirectory, $"vlan{vlan}.o");
        await File.WriteAllTextAsync(source, VlanProgram + "\n", cancellationToken).ConfigureAwait(false);
        try
        {
            await RunAsync(cancellationToken, "clang", "-O2", "-target", "bpf", $"-DVLAN={vlan}", "-c", source, "-o", obj).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "the kernel baseline tags VPLS frames with a tc eBPF program and needs clang to build it (apt-get install clang)", e);
        }
        return obj;
    }

    /// <summary>The first <c>inet A.B.C.D/N</c> of <c>ip -o addr show</c> output, or null.</summary>
    internal static string? ParseInetAddress(string ipAddrOutput)
    {
        var tokens = ipAddrOutput.Split((char[])[' ', '\t', '\n', '\\'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < tokens.Length; i++)
        {
            if (tokens[i] == "inet" && tokens[i + 1].Split('/') is [var ip, var len]
                && System.Net.IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                && int.TryParse(len, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 32)
                return tokens[i + 1];
        }
        return null;
    }

    private static Task IpAsync(string ns, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(cancellationToken, ["ip", "-n", ns, .. args]);

    private static Task<string> RunAsync(CancellationToken cancellationToken, params string[] command) =>
        VmTools.RunCheckedAsync(command, cancellationToken: cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Lab.DownAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
    }
}
