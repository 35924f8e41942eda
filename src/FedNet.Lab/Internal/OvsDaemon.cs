namespace FedNet.Lab.Internal;

/// <summary>
/// One private Open vSwitch of the lab: ovsdb-server and userspace ovs-vswitchd, running in a namespace with
/// OVS_RUNDIR/DBDIR/LOGDIR set to <see cref="Directory"/> (so its sockets are reachable from any namespace).
/// </summary>
internal sealed class OvsDaemon(string ns, string directory)
{
    public string Namespace { get; } = ns;

    public string Directory { get; } = directory;

    public string DbSocket => Path.Combine(Directory, "db.sock");

    public string VswitchdControl => Path.Combine(Directory, "ovs-vswitchd.ctl");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OVS_RUNDIR"] = Directory,
        ["OVS_DBDIR"] = Directory,
        ["OVS_LOGDIR"] = Directory,
        ["OVS_SYSCONFDIR"] = Directory,
    };

    /// <summary>Creates the database, starts both daemons and waits until ovs-vswitchd has read the database.</summary>
    public async Task<IReadOnlyList<LabProcessState>> StartAsync(string labId, CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var db = Path.Combine(Directory, "conf.db");
        var env = Environment;
        await Cmd.RunAsync("ovsdb-tool", ["create", db, Prerequisites.VswitchSchema], env, null, cancellationToken).ConfigureAwait(false);
        var dbPid = Path.Combine(Directory, "ovsdb-server.pid");
        await Cmd.InNamespaceAsync(Namespace, "ovsdb-server", [db, "--detach", "--no-chdir", $"--pidfile={dbPid}",
            $"--log-file={Path.Combine(Directory, "ovsdb-server.log")}", $"--remote=punix:{DbSocket}",
            $"--unixctl={Path.Combine(Directory, "ovsdb-server.ctl")}"], env, cancellationToken).ConfigureAwait(false);
        await VsctlAsync(["--no-wait", "init", "--", "set", "Open_vSwitch", ".", $"external_ids:fednet-lab={labId}"],
            cancellationToken).ConfigureAwait(false);
        var vswitchd = await StartVswitchdAsync(cancellationToken).ConfigureAwait(false);
        return
        [
            new LabProcessState(ReadPid(dbPid), "ovsdb-server", Namespace, dbPid),
            vswitchd,
        ];
    }

    /// <summary>Starts ovs-vswitchd on the running database (also after a crash) and waits until it has applied it.</summary>
    public async Task<LabProcessState> StartVswitchdAsync(CancellationToken cancellationToken = default)
    {
        var swPid = Path.Combine(Directory, "ovs-vswitchd.pid");
        await Cmd.InNamespaceAsync(Namespace, "ovs-vswitchd", [$"unix:{DbSocket}", "--detach", "--no-chdir", $"--pidfile={swPid}",
            $"--log-file={Path.Combine(Directory, "ovs-vswitchd.log")}", $"--unixctl={VswitchdControl}"], Environment,
            cancellationToken).ConfigureAwait(false);
        // A write that waits for cur_cfg proves ovs-vswitchd has connected and applied the database.
        await VsctlAsync(["--timeout=20", "set", "Open_vSwitch", ".", "other_config:fednet-lab-ready=true"], cancellationToken)
            .ConfigureAwait(false);
        return new LabProcessState(ReadPid(swPid), "ovs-vswitchd", Namespace, swPid);
    }

    public Task<string> VsctlAsync(IEnumerable<string> args, CancellationToken cancellationToken = default) =>
        Cmd.RunAsync("ovs-vsctl", [$"--db=unix:{DbSocket}", .. args], Environment, null, cancellationToken);

    public Task<string> OfctlAsync(string verb, string bridge, IEnumerable<string> args, string? standardInput = null,
        CancellationToken cancellationToken = default) =>
        Cmd.RunAsync("ovs-ofctl", ["-O", "OpenFlow13", verb, $"unix:{Path.Combine(Directory, bridge + ".mgmt")}", .. args],
            Environment, standardInput, cancellationToken);

    private static int ReadPid(string path) =>
        int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
