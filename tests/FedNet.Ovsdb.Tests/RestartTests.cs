using FedNet.Ovsdb.Ensure;
using FedNet.Ovsdb.Replica;
using FedNet.TestSupport;

namespace FedNet.Ovsdb.Tests;

/// <summary>
/// A private ovsdb-server (no vswitchd) that the test kills and restarts on the same socket, editing the database file
/// with ovsdb-tool while the server is down.
/// </summary>
public sealed class RestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class PrivateServer : IDisposable
    {
        private int _pid;

        public PrivateServer()
        {
            Prerequisites.Require("ovsdb-tool", "ovsdb-server", "ovs-vsctl");
            Directory = System.IO.Directory.CreateTempSubdirectory("fednet-ovsdb-").FullName;
            Shell.Run("ovsdb-tool", "create", DbFile, Prerequisites.VswitchSchema);
            Start();
            Shell.Run("ovs-vsctl", $"--db={Target}", "--no-wait", "init");
        }

        public string Directory { get; }
        public string DbFile => Path.Combine(Directory, "conf.db");
        public string Target => "unix:" + Path.Combine(Directory, "db.sock");

        public void Start()
        {
            var pidFile = Path.Combine(Directory, "ovsdb-server.pid");
            File.Delete(pidFile);
            Shell.Run("ovsdb-server", DbFile, "--detach", "--no-chdir", $"--pidfile={pidFile}",
                $"--log-file={Path.Combine(Directory, "ovsdb-server.log")}", $"--remote=punix:{Path.Combine(Directory, "db.sock")}",
                $"--unixctl={Path.Combine(Directory, "ovsdb-server.ctl")}");
            _pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public void Stop() => ProcessKiller.Terminate(_pid);

        public void Dispose()
        {
            Stop();
            try { System.IO.Directory.Delete(Directory, recursive: true); }
            catch (IOException) { }
        }
    }

    [Fact]
    public async Task Restart_ServerKilledAndDbEditedOffline_ClientResyncsReplicaWithOnlyRealChanges()
    {
        using var server = new PrivateServer();
        var options = new OvsdbClientOptions { MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        await using var sw = await OvsdbVswitch.ConnectAsync(server.Target, options, cancellationToken: Ct);
        var owner = Names.Owner();
        var desired = new OvsdbDesiredState(
        [
            new DesiredBridge("br-a") { Ports = [DesiredPort.Internal("br-a"), DesiredPort.Internal("p1") with { Tag = 7 }] },
            new DesiredBridge("br-b") { Ports = [DesiredPort.Internal("br-b")] },
        ]);
        await sw.EnsureAsync(desired, owner, Ct);

        var events = new List<OvsdbReplicaChangedEventArgs>();
        sw.Replica.Changed += (_, e) => { lock (events) events.Add(e); };
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sw.Client.Reconnected += (_, _) => reconnected.TrySetResult();

        server.Stop();
        // While the server is down, another tool changes one row in the file.
        Shell.Run("ovsdb-tool", "transact", server.DbFile,
            """["Open_vSwitch",{"op":"update","table":"Port","where":[["name","==","p1"]],"row":{"tag":8}}]""");
        server.Start();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.True(await sw.Replica.WaitForAsync(s => s.Ports.Any(p => p.Name == "p1" && p.Tag == 8), TimeSpan.FromSeconds(10), Ct));

        Assert.Equal(1, sw.Replica.Resyncs);
        Assert.Equal(2, sw.Client.ConnectionCount);
        lock (events)
        {
            var change = Assert.Single(events.SelectMany(e => e.Changes));
            Assert.Equal(("Port", RowChangeKind.Modified), (change.Table, change.Kind));
            Assert.True(events[0].IsResync);
        }

        await using var fresh = await OvsdbVswitch.ConnectAsync(server.Target, cancellationToken: Ct);
        var mine = sw.Replica.Snapshot;
        var theirs = fresh.Replica.Snapshot;
        foreach (var table in OvsdbReplica.VswitchTables)
        {
            Assert.Equal(theirs.Table(table).Keys.Order(), mine.Table(table).Keys.Order());
            foreach (var (uuid, row) in theirs.Table(table))
                Assert.Equal(row, mine.Table(table)[uuid]);
        }

        // The client keeps working: ensure puts the tag back with one update.
        var r = await sw.EnsureAsync(desired, owner, Ct);
        Assert.Equal((0, 1, 0), (r.Inserted, r.Updated, r.Deleted));
        Assert.Equal("7", Shell.Run("ovs-vsctl", $"--db={server.Target}", "get", "Port", "p1", "tag").Trim());
    }

    [Fact]
    public async Task Restart_RequestInFlightWhenServerDies_FailsAsTransient()
    {
        using var server = new PrivateServer();
        await using var client = await OvsdbClient.ConnectAsync(server.Target,
            new OvsdbClientOptions { MinBackoff = TimeSpan.FromMilliseconds(50) }, cancellationToken: Ct);
        var blocked = client.TransactAsync("Open_vSwitch",
        [
            OvsdbOperation.Wait("Bridge", [OvsdbCondition.Equal("name", OvsdbDatum.Of("never"))], ["name"],
                [new Dictionary<string, OvsdbDatum> { ["name"] = OvsdbDatum.Of("never") }], timeoutMs: null),
        ], Ct);
        await Task.Delay(200, Ct);
        server.Stop();
        var e = await Assert.ThrowsAsync<OvsdbException>(() => blocked);
        Assert.Equal(OvsdbException.ConnectionLost, e.Error);
        Assert.True(e.IsTransient);
        server.Start();
        await client.WaitConnectedAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Contains("Open_vSwitch", await client.ListDbsAsync(Ct));
    }
}
