namespace FedNet.TestSupport;

/// <summary>
/// A private Open vSwitch: its own <c>ovsdb-server</c> and userspace <c>ovs-vswitchd</c> (<c>datapath_type=netdev</c>),
/// running inside their own network namespace with OVS_RUNDIR/DBDIR/LOGDIR under a unique temporary directory.
/// Dispose ends both processes by PID, removes the taps they leave, the namespace and the directory.
/// </summary>
public sealed class OvsInstance : IDisposable
{
    private readonly List<int> _pids = [];
    private int _disposed;

    private OvsInstance(string directory, Netns ns)
    {
        Directory = directory;
        Namespace = ns;
        Environment = new Dictionary<string, string>
        {
            ["OVS_RUNDIR"] = directory,
            ["OVS_DBDIR"] = directory,
            ["OVS_LOGDIR"] = directory,
            ["OVS_SYSCONFDIR"] = directory,
        };
    }

    /// <summary>The private directory holding the database, sockets, pid files and logs.</summary>
    public string Directory { get; }

    /// <summary>The namespace ovs-vswitchd runs in: its ports (veths, taps) live here.</summary>
    public Netns Namespace { get; }

    /// <summary>OVS_RUNDIR, OVS_DBDIR and OVS_LOGDIR for this instance, for running OVS tools by hand.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The OVSDB socket path.</summary>
    public string DbSocketPath => Path.Combine(Directory, "db.sock");

    /// <summary>The OVSDB remote, <c>unix:&lt;dir&gt;/db.sock</c>.</summary>
    public string DbTarget => "unix:" + DbSocketPath;

    /// <summary>The unixctl socket of ovs-vswitchd, for <c>ovs-appctl -t</c>.</summary>
    public string VswitchdControlPath => Path.Combine(Directory, "ovs-vswitchd.ctl");

    /// <summary>The passive OpenFlow socket OVS opens for each bridge: <c>unix:&lt;rundir&gt;/&lt;bridge&gt;.mgmt</c>.</summary>
    public string ManagementTarget(string bridge) => $"unix:{Path.Combine(Directory, bridge + ".mgmt")}";

    /// <summary>Starts ovsdb-server and ovs-vswitchd and waits until both answer.</summary>
    public static OvsInstance Start()
    {
        Prerequisites.RequireRoot();
        Prerequisites.Require("ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ip");
        if (!File.Exists(Prerequisites.VswitchSchema))
            throw new InvalidOperationException($"{Prerequisites.VswitchSchema} is missing: apt-get install -y openvswitch-common");
        var dir = System.IO.Directory.CreateTempSubdirectory("fednet-ovs-").FullName;
        var ns = Netns.Create("ovs");
        var ovs = new OvsInstance(dir, ns);
        LeftoverGuard.Register(ovs);
        try
        {
            ovs.Launch();
        }
        catch
        {
            ovs.Dispose();
            throw;
        }
        return ovs;
    }

    private void Launch()
    {
        var db = Path.Combine(Directory, "conf.db");
        Shell.Run(Environment, "ovsdb-tool", "create", db, Prerequisites.VswitchSchema);
        Shell.Run(Environment, "ip", "netns", "exec", Namespace.Name, "ovsdb-server", db,
            "--detach", "--no-chdir", $"--pidfile={Path.Combine(Directory, "ovsdb-server.pid")}",
            $"--log-file={Path.Combine(Directory, "ovsdb-server.log")}", $"--remote=punix:{DbSocketPath}",
            $"--unixctl={Path.Combine(Directory, "ovsdb-server.ctl")}");
        _pids.Add(ReadPid("ovsdb-server.pid"));
        Vsctl("--no-wait", "init");
        Shell.Run(Environment, "ip", "netns", "exec", Namespace.Name, "ovs-vswitchd", DbTarget,
            "--detach", "--no-chdir", $"--pidfile={Path.Combine(Directory, "ovs-vswitchd.pid")}",
            $"--log-file={Path.Combine(Directory, "ovs-vswitchd.log")}", $"--unixctl={VswitchdControlPath}");
        _pids.Add(ReadPid("ovs-vswitchd.pid"));
        // A round trip through vswitchd proves it has read the database.
        Vsctl("--timeout=20", "set", "Open_vSwitch", ".", "other_config:fednet-test=1");
    }

    private int ReadPid(string file)
    {
        var path = Path.Combine(Directory, file);
        for (var i = 0; i < 100 && !File.Exists(path); i++)
            Thread.Sleep(50);
        return int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <c>ovs-vsctl</c> against this instance and throws unless it succeeds.</summary>
    public string Vsctl(params string[] args) => Shell.Run(Environment, "ovs-vsctl", [$"--db={DbTarget}", .. args]);

    /// <summary>Runs <c>ovs-ofctl -O OpenFlow13 VERB BRIDGE ARGS</c> against a bridge's management socket.</summary>
    public string Ofctl(string verb, string bridge, params string[] args) =>
        Shell.Run(Environment, "ovs-ofctl", ["-O", "OpenFlow13", verb, ManagementTarget(bridge), .. args]);

    /// <summary>Runs <c>ovs-appctl</c> against this instance's ovs-vswitchd.</summary>
    public string Appctl(params string[] args) => Shell.Run(Environment, "ovs-appctl", ["-t", VswitchdControlPath, .. args]);

    /// <summary>
    /// Adds a bridge the way FedNet runs them: userspace datapath, OpenFlow 1.3, <c>fail_mode=secure</c>. Pass a
    /// controller target to have the bridge connect out (with a short reconnect backoff).
    /// </summary>
    public void AddBridge(string bridge, string? controller = null, string failMode = "secure")
    {
        Vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev", $"fail_mode={failMode}",
            "protocols=OpenFlow13");
        if (controller is not null)
            SetController(bridge, controller);
    }

    /// <summary>Points a bridge at a controller with <c>max_backoff</c> of 1 s so a late controller is found quickly.</summary>
    public void SetController(string bridge, string target) =>
        Vsctl("set-controller", bridge, target, "--", "set", "controller", bridge, "max_backoff=1000",
            "inactivity_probe=0");

    /// <summary>Moves an interface from the root namespace into this instance's namespace (so OVS can add it).</summary>
    public void AdoptInterface(string name) => Shell.Run("ip", "link", "set", name, "netns", Namespace.Name);

    /// <summary>Ends ovs-vswitchd and ovsdb-server by PID, removes their taps, the namespace and the directory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        LeftoverGuard.Unregister(this);
        foreach (var pid in Enumerable.Reverse(_pids))
            ProcessKiller.Terminate(pid);
        // A killed userspace ovs-vswitchd leaves a tap per bridge behind: delete every link but lo.
        var links = Shell.Try("ip", "-n", Namespace.Name, "-o", "link", "show");
        foreach (var line in links.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(':', 3)[1].Trim().Split('@')[0];
            if (name != "lo")
                Shell.Try("ip", "-n", Namespace.Name, "link", "del", name);
        }
        Namespace.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }

    public override string ToString() => $"ovs@{Directory}";
}
