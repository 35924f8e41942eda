using System.Globalization;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.Ovsdb;

/// <summary>
/// An ovsdb-server with the vswitch schema and no ovs-vswitchd, in a temporary directory: measures the database path
/// only (ovs-vsctl runs with --no-wait). Killed by PID and removed on dispose.
/// </summary>
internal sealed class PrivateOvsdbServer : IDisposable
{
    private readonly int _pid;
    private int _disposed;

    public PrivateOvsdbServer()
    {
        Prerequisites.Require("ovsdb-tool", "ovsdb-server", "ovs-vsctl");
        Directory = System.IO.Directory.CreateTempSubdirectory("fednet-bench-ovsdb-").FullName;
        var db = Path.Combine(Directory, "conf.db");
        Shell.Run("ovsdb-tool", "create", db, Prerequisites.VswitchSchema);
        var pidFile = Path.Combine(Directory, "ovsdb-server.pid");
        Shell.Run("ovsdb-server", db, "--detach", "--no-chdir", $"--pidfile={pidFile}",
            $"--log-file={Path.Combine(Directory, "ovsdb-server.log")}", $"--remote=punix:{Path.Combine(Directory, "db.sock")}",
            $"--unixctl={Path.Combine(Directory, "ovsdb-server.ctl")}");
        _pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        // A scenario stopped with Ctrl-C or SIGTERM still ends its server.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        Console.CancelKeyPress += (_, _) => Dispose();
        Vsctl("init");
    }

    public string Directory { get; }
    public string Target => "unix:" + Path.Combine(Directory, "db.sock");

    /// <summary>ovs-vsctl --no-wait against this server.</summary>
    public string Vsctl(params string[] args) => Shell.Run("ovs-vsctl", [$"--db={Target}", "--no-wait", .. args]);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        ProcessKiller.Terminate(_pid);
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
