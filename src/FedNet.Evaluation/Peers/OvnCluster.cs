using System.Globalization;

namespace FedNet.Evaluation.Peers;

/// <summary>
/// A private OVN 23.03 deployment on this machine, as docs/reference peers.md runs it: the central part (NB and SB
/// ovsdb-servers, ovn-northd) in the root namespace on unix sockets, and one chassis per name, each in its own
/// namespace <c>fno-ID-cN</c> with its own ovsdb-server, userspace ovs-vswitchd and ovn-controller. Chassis reach each
/// other over geneve on a plain underlay: a Linux bridge in <c>fno-ID-u</c> and, in each chassis, a veth on an OVS
/// netdev bridge <c>br-phy</c> holding the encap address 172.31.0.N/24 (OVS userspace tunnels need that layout).
/// Files live in /run/fednet-ovn/ID/. Dispose ends every daemon by the PID in its pidfile (ovn-controller first,
/// with <c>ovn-appctl exit</c>), deletes the namespaces and the folder, even after a failure.
/// </summary>
public sealed class OvnCluster : IAsyncDisposable
{
    /// <summary>Where the clusters' folders are.</summary>
    public const string Root = "/run/fednet-ovn";

    private readonly List<string> _namespaces = [];
    private readonly List<string> _pidFiles = [];
    private readonly List<int> _pids = [];
    private int _vms;

    private OvnCluster(string id)
    {
        Id = id;
        Directory = Path.Combine(Root, id);
        Central = Path.Combine(Directory, "central");
    }

    /// <summary>The cluster's id (lab-id style: lowercase letters and digits).</summary>
    public string Id { get; }

    /// <summary>The cluster's folder.</summary>
    public string Directory { get; }

    /// <summary>The central part's folder (nb.sock, sb.sock).</summary>
    public string Central { get; }

    /// <summary>The chassis, in the order of the names given.</summary>
    public IReadOnlyList<OvnChassis> Chassis { get; private set; } = [];

    /// <summary>Every namespace this cluster created.</summary>
    public IReadOnlyList<string> Namespaces => _namespaces;

    /// <summary>Every daemon PID this cluster started (read from the pidfiles).</summary>
    public IReadOnlyList<int> Pids => _pids;

    /// <summary>The NB database target.</summary>
    public string NbTarget => "unix:" + Path.Combine(Central, "nb.sock");

    /// <summary>The SB database target.</summary>
    public string SbTarget => "unix:" + Path.Combine(Central, "sb.sock");

    /// <summary>Starts central and one chassis per name, and waits until every chassis is registered with its br-int.</summary>
    public static async Task<OvnCluster> StartAsync(string id, IReadOnlyList<string> chassisNames, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chassisNames);
        var cluster = new OvnCluster(id);
        try
        {
            await cluster.StartCentralAsync(cancellationToken).ConfigureAwait(false);
            var underlay = await cluster.AddNamespaceAsync("u", cancellationToken).ConfigureAwait(false);
            await Ip(["-n", underlay, "link", "add", "br0", "type", "bridge"], cancellationToken).ConfigureAwait(false);
            await Ip(["-n", underlay, "link", "set", "br0", "up"], cancellationToken).ConfigureAwait(false);
            var chassis = new List<OvnChassis>();
            for (var i = 0; i < chassisNames.Count; i++)
                chassis.Add(await cluster.StartChassisAsync(i, chassisNames[i], underlay, cancellationToken).ConfigureAwait(false));
            cluster.Chassis = chassis;
            await cluster.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            progress?.Report($"OVN up: central + {chassis.Count} chassis ({string.Join(", ", chassis.Select(c => c.Name))})");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <c>ovn-nbctl</c> against the NB database with <paramref name="args"/>; returns its output.</summary>
    public Task<string> NbctlAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default) =>
        OvnShell.RunAsync(Central, ["ovn-nbctl", "--db=" + NbTarget, .. args], cancellationToken);

    /// <summary>Runs <c>ovn-sbctl</c> against the SB database.</summary>
    public Task<string> SbctlAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default) =>
        OvnShell.RunAsync(Central, ["ovn-sbctl", "--db=" + SbTarget, .. args], cancellationToken);

    /// <summary>Runs <c>ovs-vsctl</c> on a chassis's database.</summary>
    public static Task<string> VsctlAsync(OvnChassis chassis, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chassis);
        return OvnShell.RunAsync(chassis.Directory, ["ovs-vsctl", "--db=" + chassis.DbTarget, .. args], cancellationToken);
    }

    /// <summary>
    /// A VM on <paramref name="chassis"/>: a namespace with <c>eth0</c> (MAC, address, MTU 1400 for the geneve header,
    /// TX checksum offload off), its peer added to br-int with <c>external_ids:iface-id=</c><paramref name="port"/>.
    /// Returns the VM's namespace.
    /// </summary>
    public async Task<string> AddVmAsync(OvnChassis chassis, string port, string mac, string addressWithPrefix,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chassis);
        var k = _vms++;
        var ns = await AddNamespaceAsync("v" + k.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        var hostSide = "vm" + k.ToString(CultureInfo.InvariantCulture);
        await Ip(["-n", chassis.Namespace, "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", ns], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", ns, "link", "set", "eth0", "address", mac, "mtu", "1400"], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", ns, "addr", "add", addressWithPrefix, "dev", "eth0"], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", ns, "link", "set", "eth0", "up"], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", ns, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
        await OvnShell.RunAsync(null, ["ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off"], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", chassis.Namespace, "link", "set", hostSide, "up"], cancellationToken).ConfigureAwait(false);
        await VsctlAsync(chassis, ["add-port", "br-int", hostSide, "--", "set", "interface", hostSide, $"external_ids:iface-id={port}"], cancellationToken)
            .ConfigureAwait(false);
        return ns;
    }

    /// <summary>
    /// OpenFlow flows on a chassis's br-int: the flow_count of <c>ovs-ofctl dump-aggregate</c> (ovs-vswitchd counts them;
    /// dumping 130,000 flows per chassis as text took over a minute on the loaded machine).
    /// </summary>
    public static async Task<int> CountFlowsAsync(OvnChassis chassis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chassis);
        var text = await OvnShell.RunAsync(chassis.Directory, ["ovs-ofctl", "-O", "OpenFlow15", "dump-aggregate", chassis.ManagementTarget("br-int")],
            cancellationToken).ConfigureAwait(false);
        return ParseFlowCount(text);
    }

    /// <summary>The <c>flow_count=</c> of <c>ovs-ofctl dump-aggregate</c> output.</summary>
    public static int ParseFlowCount(string aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        var i = aggregate.IndexOf("flow_count=", StringComparison.Ordinal);
        if (i < 0)
            throw new InvalidOperationException($"no flow_count in ovs-ofctl dump-aggregate output: {aggregate.Trim()}");
        var digits = new string([.. aggregate[(i + "flow_count=".Length)..].TakeWhile(char.IsAsciiDigit)]);
        return int.Parse(digits, CultureInfo.InvariantCulture);
    }

    private async Task StartCentralAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Central);
        foreach (var db in new[] { "nb", "sb" })
        {
            await OvnShell.RunAsync(Central, ["ovsdb-tool", "create", Path.Combine(Central, db + ".db"), $"/usr/share/ovn/ovn-{db}.ovsschema"], cancellationToken)
                .ConfigureAwait(false);
            await StartDaemonAsync(Central, null, Path.Combine(Central, db + ".pid"),
                ["ovsdb-server", "--detach", "--pidfile=" + Path.Combine(Central, db + ".pid"), "--log-file=" + Path.Combine(Central, db + ".log"),
                    "--unixctl=" + Path.Combine(Central, db + ".ctl"), "--remote=punix:" + Path.Combine(Central, db + ".sock"), Path.Combine(Central, db + ".db")],
                cancellationToken).ConfigureAwait(false);
        }
        await NbctlAsync(["init"], cancellationToken).ConfigureAwait(false);
        await SbctlAsync(["init"], cancellationToken).ConfigureAwait(false);
        await StartDaemonAsync(Central, null, Path.Combine(Central, "northd.pid"),
            ["ovn-northd", "--detach", "--pidfile=" + Path.Combine(Central, "northd.pid"), "--log-file=" + Path.Combine(Central, "northd.log"),
                "--unixctl=" + Path.Combine(Central, "northd.ctl"), "--ovnnb-db=" + NbTarget, "--ovnsb-db=" + SbTarget], cancellationToken).ConfigureAwait(false);
    }

    private async Task<OvnChassis> StartChassisAsync(int index, string name, string underlay, CancellationToken cancellationToken)
    {
        var n = index.ToString(CultureInfo.InvariantCulture);
        var dir = Path.Combine(Directory, "c" + n);
        System.IO.Directory.CreateDirectory(dir);
        var ns = await AddNamespaceAsync("c" + n, cancellationToken).ConfigureAwait(false);
        var ip = $"172.31.0.{index + 1}";
        var chassis = new OvnChassis(name, ns, dir, ip);
        await Ip(["-n", underlay, "link", "add", "u" + n, "type", "veth", "peer", "name", "phy0", "netns", ns], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", underlay, "link", "set", "u" + n, "master", "br0", "up"], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", ns, "link", "set", "phy0", "up"], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", ns, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);

        await OvnShell.RunAsync(dir, ["ovsdb-tool", "create", Path.Combine(dir, "conf.db"), "/usr/share/openvswitch/vswitch.ovsschema"], cancellationToken)
            .ConfigureAwait(false);
        await StartDaemonAsync(dir, ns, Path.Combine(dir, "ovsdb-server.pid"),
            ["ovsdb-server", "--detach", "--pidfile=" + Path.Combine(dir, "ovsdb-server.pid"), "--log-file=" + Path.Combine(dir, "ovsdb-server.log"),
                "--unixctl=" + Path.Combine(dir, "ovsdb-server.ctl"), "--remote=punix:" + Path.Combine(dir, "db.sock"), Path.Combine(dir, "conf.db")],
            cancellationToken).ConfigureAwait(false);
        await VsctlAsync(chassis, ["--no-wait", "init"], cancellationToken).ConfigureAwait(false);
        await StartDaemonAsync(dir, ns, Path.Combine(dir, "ovs-vswitchd.pid"),
            ["ovs-vswitchd", "--detach", "--pidfile=" + Path.Combine(dir, "ovs-vswitchd.pid"), "--log-file=" + Path.Combine(dir, "ovs-vswitchd.log"),
                "--unixctl=" + Path.Combine(dir, "ovs-vswitchd.ctl"), chassis.DbTarget], cancellationToken).ConfigureAwait(false);
        await VsctlAsync(chassis, ["add-br", "br-phy", "--", "set", "bridge", "br-phy", "datapath_type=netdev", "--", "add-port", "br-phy", "phy0"],
            cancellationToken).ConfigureAwait(false);
        await Ip(["-n", ns, "addr", "add", ip + "/24", "dev", "br-phy"], cancellationToken).ConfigureAwait(false);
        await Ip(["-n", ns, "link", "set", "br-phy", "up"], cancellationToken).ConfigureAwait(false);
        await VsctlAsync(chassis, ["set", "open", ".", $"external_ids:system-id={name}", $"external_ids:ovn-remote={SbTarget}",
            "external_ids:ovn-encap-type=geneve", $"external_ids:ovn-encap-ip={ip}", "external_ids:ovn-bridge-datapath-type=netdev"], cancellationToken)
            .ConfigureAwait(false);
        await StartDaemonAsync(dir, ns, Path.Combine(dir, "ovn-controller.pid"),
            ["ovn-controller", "--detach", "--pidfile=" + Path.Combine(dir, "ovn-controller.pid"), "--log-file=" + Path.Combine(dir, "ovn-controller.log"), chassis.DbTarget], cancellationToken).ConfigureAwait(false);
        return chassis;
    }

    /// <summary>Every chassis registered in SB, its br-int created and its geneve ports to every other chassis present.</summary>
    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var registered = (await SbctlAsync(["--bare", "--columns=name", "list", "chassis"], cancellationToken).ConfigureAwait(false))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var ready = Chassis.All(c => registered.Contains(c.Name));
            foreach (var c in Chassis)
            {
                if (!ready)
                    break;
                var (exit, ports, _) = await OvnShell.TryAsync(c.Directory, ["ovs-vsctl", "--db=" + c.DbTarget, "list-ports", "br-int"], cancellationToken)
                    .ConfigureAwait(false);
                ready = exit == 0 && ports.Split('\n').Count(p => p.StartsWith("ovn-", StringComparison.Ordinal)) >= Chassis.Count - 1;
            }
            if (ready)
                return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"OVN cluster '{Id}': chassis not ready after 60 s (registered: {string.Join(", ", registered)}); see {Directory}/*/ovn-controller.log");
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StartDaemonAsync(string directory, string? ns, string pidFile, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        _pidFiles.Add(pidFile);
        await OvnShell.RunAsync(directory, ns is null ? command : ["ip", "netns", "exec", ns, .. command], cancellationToken).ConfigureAwait(false);
        if (OvnShell.ReadPid(pidFile) is { } pid)
            _pids.Add(pid);
    }

    private async Task<string> AddNamespaceAsync(string suffix, CancellationToken cancellationToken)
    {
        var ns = $"fno-{Id}-{suffix}";
        await Ip(["netns", "add", ns], cancellationToken).ConfigureAwait(false);
        _namespaces.Add(ns);
        return ns;
    }

    private static Task<string> Ip(IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        OvnShell.RunAsync(null, ["ip", .. args], cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // ovn-controller first, while its databases are still there to answer its exit.
        foreach (var c in Chassis)
        {
            if (OvnShell.ReadPid(Path.Combine(c.Directory, "ovn-controller.pid")) is { } pid && OvnShell.IsAlive(pid, Directory))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await OvnShell.TryAsync(c.Directory, ["ovn-appctl", "-t", c.ControllerControl, "exit"], timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ended by PID below.
                }
            }
        }
        foreach (var pidFile in Enumerable.Reverse(_pidFiles))
        {
            if (OvnShell.ReadPid(pidFile) is { } pid)
                await OvnShell.TerminateAsync(pid, Directory).ConfigureAwait(false);
        }
        foreach (var pid in _pids)
            await OvnShell.TerminateAsync(pid, Directory).ConfigureAwait(false);
        foreach (var ns in Enumerable.Reverse(_namespaces))
            await OvnShell.TryAsync(null, ["ip", "netns", "del", ns]).ConfigureAwait(false);
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>One OVN chassis: its namespace, folder (db.sock, br-int.mgmt, logs) and geneve encap address.</summary>
public sealed record OvnChassis(string Name, string Namespace, string Directory, string EncapIp)
{
    /// <summary>The chassis's Open vSwitch database.</summary>
    public string DbTarget => "unix:" + Path.Combine(Directory, "db.sock");

    /// <summary>ovn-controller's unixctl socket (it takes no --unixctl: <c>ovn-controller.PID.ctl</c> in its run directory).</summary>
    public string ControllerControl =>
        System.IO.Directory.GetFiles(Directory, "ovn-controller.*.ctl").FirstOrDefault() ?? Path.Combine(Directory, "ovn-controller.ctl");

    /// <summary>The OpenFlow management socket of <paramref name="bridge"/>.</summary>
    public string ManagementTarget(string bridge) => "unix:" + Path.Combine(Directory, bridge + ".mgmt");
}
