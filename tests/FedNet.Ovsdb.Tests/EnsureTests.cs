using FedNet.Ovsdb.Ensure;
using FedNet.Ovsdb.Replica;
using FedNet.TestSupport;

namespace FedNet.Ovsdb.Tests;

/// <summary>The idempotent ensure against real ovsdb-server and ovs-vswitchd, cross-checked with ovs-vsctl.</summary>
public sealed class EnsureTests(OvsFixture fixture) : IClassFixture<OvsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private OvsInstance Ovs => fixture.Ovs;

    private Task<OvsdbVswitch> Connect() => OvsdbVswitch.ConnectAsync(Ovs.DbTarget, cancellationToken: Ct);

    private string Get(string table, string record, string column) => Ovs.Vsctl("get", table, record, column).Trim().Trim('"');

    private static DesiredBridge FullBridge(string name, string patchPeer, string patchName, string system) => new(name)
    {
        Controllers = [new DesiredController("tcp:127.0.0.1:6653") { MaxBackoff = 1000, InactivityProbe = 0 }],
        DatapathId = "0000000000000abc",
        OtherConfig = ValueMap.Of(("mac-aging-time", "60")),
        ExternalIds = ValueMap.Of(("site", "kuas")),
        Ports =
        [
            DesiredPort.Internal(name) with { Tag = 10 },
            DesiredPort.System(system) with { Trunks = [100, 200], VlanMode = "trunk" },
            DesiredPort.Patch(patchName, patchPeer),
            DesiredPort.Gre(name + "g", "192.0.2.2", "192.0.2.1", key: "flow"),
            DesiredPort.Vxlan(name + "x", "192.0.2.3", key: "42") with
            {
                Interfaces = [new DesiredInterface(name + "x")
                {
                    Type = "vxlan", Options = ValueMap.Of(("remote_ip", "192.0.2.3"), ("key", "42")),
                    OfPortRequest = 77, IngressPolicingRate = 10_000, IngressPolicingBurst = 1_000,
                }],
                Qos = DesiredQos.EgressPolicer(1_250_000, 12_500),
            },
            DesiredPort.Internal(name + "h") with
            {
                Qos = new DesiredQos("linux-htb")
                {
                    OtherConfig = ValueMap.Of(("max-rate", "10000000")),
                    Queues = new Dictionary<long, DesiredQueue>
                    {
                        [0] = new() { OtherConfig = ValueMap.Of(("min-rate", "1000000")) },
                        [1] = new() { OtherConfig = ValueMap.Of(("max-rate", "5000000")), Dscp = 10 },
                    },
                },
            },
        ],
    };

    [Fact]
    public async Task Ensure_FullBridge_CreatesRowsVsctlSeesThenSecondRunSendsNothing()
    {
        await using var sw = await Connect();
        var owner = Names.Owner();
        var (br, peer) = (Names.Bridge(), Names.Bridge());
        using var veth = VethPair.Create(Ovs.Namespace, Ovs.Namespace);
        var desired = new OvsdbDesiredState(
        [
            FullBridge(br, peer + "p", br + "p", veth.A),
            new DesiredBridge(peer) { Ports = [DesiredPort.Patch(peer + "p", br + "p")] },
        ]);

        var first = await sw.EnsureAsync(desired, owner, Ct);
        Assert.True(first.Inserted >= 20, first.ToString());
        Assert.Equal(0, first.Deleted);

        Assert.Equal("netdev", Get("Bridge", br, "datapath_type"));
        Assert.Equal("secure", Get("Bridge", br, "fail_mode"));
        Assert.Equal("[OpenFlow13]", Get("Bridge", br, "protocols"));
        Assert.Equal("0000000000000abc", Get("Bridge", br, "other_config:datapath-id"));
        Assert.Equal(owner, Get("Bridge", br, "external_ids:fednet-owner"));
        Assert.Equal("tcp:127.0.0.1:6653", Ovs.Vsctl("get-controller", br).Trim());
        Assert.Equal("1000", Ovs.Vsctl("--columns=max_backoff", "--bare", "list", "Controller").Trim().Split('\n').First(l => l.Length > 0));
        Assert.Equal("10", Get("Port", br, "tag"));
        Assert.Equal("[100, 200]", Get("Port", veth.A, "trunks"));
        Assert.Equal("trunk", Get("Port", veth.A, "vlan_mode"));
        Assert.Equal(peer + "p", Get("Interface", br + "p", "options:peer"));
        Assert.Equal("gre", Get("Interface", br + "g", "type"));
        Assert.Equal("flow", Get("Interface", br + "g", "options:key"));
        Assert.Equal("192.0.2.1", Get("Interface", br + "g", "options:local_ip"));
        Assert.Equal("42", Get("Interface", br + "x", "options:key"));
        Assert.Equal("77", Get("Interface", br + "x", "ofport_request"));
        Assert.Equal("10000", Get("Interface", br + "x", "ingress_policing_rate"));
        Assert.Equal("egress-policer", Ovs.Vsctl("--bare", "--columns=type", "list", "QoS", Get("Port", br + "x", "qos")).Trim());
        var htb = Get("Port", br + "h", "qos");
        Assert.Equal("linux-htb", Ovs.Vsctl("--bare", "--columns=type", "list", "QoS", htb).Trim());
        Assert.Equal(2, Ovs.Vsctl("get", "QoS", htb, "queues").Split(',').Length);
        // ovs-vswitchd applied it: the patch port got an OpenFlow port and the datapath id took effect.
        Assert.True(await sw.Replica.WaitForAsync(s => s.Interfaces.Any(i => i.Name == br + "p" && i.OfPort > 0), TimeSpan.FromSeconds(20), Ct));
        Assert.True(await sw.Replica.WaitForAsync(s => s.BridgeNamed(br)?.DatapathId == "0000000000000abc", TimeSpan.FromSeconds(20), Ct));

        var sent = sw.Client.TransactionsSent;
        var second = await sw.EnsureAsync(desired, owner, Ct);
        Assert.True(second.InSync);
        Assert.Equal(0, second.WriteOperations);
        Assert.Equal(sent, sw.Client.TransactionsSent);

        var cleared = await sw.EnsureAsync(OvsdbDesiredState.Empty, owner, Ct);
        Assert.Equal(first.Inserted, cleared.Deleted);
        Assert.DoesNotContain(br, Ovs.Vsctl("list-br"));
        Assert.Equal("", Ovs.Vsctl("--bare", "--columns=_uuid", "find", "QoS", $"external_ids:fednet-owner={owner}").Trim());
        Assert.Equal("", Ovs.Vsctl("--bare", "--columns=_uuid", "find", "Queue", $"external_ids:fednet-owner={owner}").Trim());
    }

    [Fact]
    public async Task Ensure_ChangedDesired_UpdatesOnlyTheDifference()
    {
        await using var sw = await Connect();
        var owner = Names.Owner();
        var br = Names.Bridge();
        var bridge = new DesiredBridge(br) { Ports = [DesiredPort.Internal(br + "a") with { Tag = 5 }, DesiredPort.Internal(br + "b")] };
        await sw.EnsureAsync(new OvsdbDesiredState([bridge]), owner, Ct);

        var retagged = bridge with { Ports = [DesiredPort.Internal(br + "a") with { Tag = 6 }, DesiredPort.Internal(br + "b")] };
        var r = await sw.EnsureAsync(new OvsdbDesiredState([retagged]), owner, Ct);
        Assert.Equal((0, 1, 0, 1), (r.Inserted, r.Updated, r.Deleted, r.WriteOperations));
        Assert.Equal("6", Get("Port", br + "a", "tag"));

        var fewer = retagged with { Ports = [DesiredPort.Internal(br + "a") with { Tag = 6 }] };
        r = await sw.EnsureAsync(new OvsdbDesiredState([fewer]), owner, Ct);
        Assert.Equal((0, 2), (r.Inserted, r.Deleted));
        Assert.DoesNotContain(br + "b", Ovs.Vsctl("list-ports", br));

        r = await sw.EnsureAsync(new OvsdbDesiredState([fewer with { FailMode = "standalone" }]), owner, Ct);
        Assert.Equal(1, r.Updated);
        Assert.Equal("standalone", Get("Bridge", br, "fail_mode"));
        await sw.EnsureAsync(OvsdbDesiredState.Empty, owner, Ct);
    }

    [Fact]
    public async Task Ensure_InterfaceChangedByVsctlAfterInSyncRun_IsDetectedAndRepaired()
    {
        await using var sw = await Connect();
        var owner = Names.Owner();
        var br = Names.Bridge();
        var desired = new OvsdbDesiredState([new DesiredBridge(br)
        {
            Ports = [DesiredPort.Vxlan(br + "x", "192.0.2.7", key: "9") with { Qos = DesiredQos.EgressPolicer(1000, 100) }],
        }]);
        await sw.EnsureAsync(desired, owner, Ct);
        Assert.True((await sw.EnsureAsync(desired, owner, Ct)).InSync);

        // Only child rows change: the port row itself stays the same.
        Ovs.Vsctl("set", "Interface", br + "x", "options:key=10");
        Assert.True(await sw.Replica.WaitForAsync(s => s.Interfaces.Any(i => i.Name == br + "x" && i.Options["key"] == "10"), TimeSpan.FromSeconds(10), Ct));
        var r = await sw.EnsureAsync(desired, owner, Ct);
        Assert.Equal((0, 1, 0), (r.Inserted, r.Updated, r.Deleted));
        Assert.Equal("9", Get("Interface", br + "x", "options:key"));

        Ovs.Vsctl("set", "QoS", Get("Port", br + "x", "qos"), "other_config:cir=5");
        Assert.True(await sw.Replica.WaitForAsync(s => s.Qos.Any(q => q.OtherConfig.GetValueOrDefault("cir") == "5"), TimeSpan.FromSeconds(10), Ct));
        r = await sw.EnsureAsync(desired, owner, Ct);
        Assert.Equal((1, 1, 1), (r.Inserted, r.Updated, r.Deleted));
        Assert.True((await sw.EnsureAsync(desired, owner, Ct)).InSync);
        await sw.EnsureAsync(OvsdbDesiredState.Empty, owner, Ct);
    }

    [Fact]
    public async Task Ensure_RowsNotOwned_AreNeverTouched()
    {
        await using var sw = await Connect();
        var owner = Names.Owner();
        var br = Names.Bridge();
        var foreign = Names.Bridge();
        await sw.EnsureAsync(new OvsdbDesiredState([new DesiredBridge(br) { Ports = [DesiredPort.Internal(br + "a")] }]), owner, Ct);
        Ovs.Vsctl("add-port", br, br + "v", "--", "set", "Interface", br + "v", "type=internal");
        Ovs.Vsctl("add-br", foreign, "--", "set", "bridge", foreign, "datapath_type=netdev");

        // Another owner's ensure, and this owner's removal of its own port, leave the foreign rows alone.
        var other = await sw.EnsureAsync(OvsdbDesiredState.Empty, Names.Owner(), Ct);
        Assert.True(other.InSync);
        var r = await sw.EnsureAsync(new OvsdbDesiredState([new DesiredBridge(br)]), owner, Ct);
        Assert.Equal(2, r.Deleted);
        Assert.Equal([br + "v"], Ovs.Vsctl("list-ports", br).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var e = await Assert.ThrowsAsync<OvsdbException>(() =>
            sw.EnsureAsync(new OvsdbDesiredState([new DesiredBridge(br), new DesiredBridge(foreign)]), owner, Ct));
        Assert.Equal(OvsdbException.NotOwned, e.Error);
        Assert.Contains(foreign, e.Message);
        e = await Assert.ThrowsAsync<OvsdbException>(() =>
            sw.EnsureAsync(new OvsdbDesiredState([new DesiredBridge(br) { Ports = [DesiredPort.Internal(br + "v")] }]), owner, Ct));
        Assert.Equal(OvsdbException.NotOwned, e.Error);
        Assert.Equal("[]", Get("Bridge", foreign, "fail_mode"));
        Ovs.Vsctl("del-br", foreign);
        Ovs.Vsctl("del-port", br, br + "v");
        await sw.EnsureAsync(OvsdbDesiredState.Empty, owner, Ct);
    }

    [Fact]
    public async Task Ensure_VsctlChangesRowBeforeCommit_WaitConflictIsDetectedAndRetried()
    {
        await using var sw = await Connect();
        var owner = Names.Owner();
        var br = Names.Bridge();
        await sw.EnsureAsync(new OvsdbDesiredState([new DesiredBridge(br) { Ports = [DesiredPort.Internal(br + "a") with { Tag = 1 }] }]), owner, Ct);

        var changes = new List<OvsdbRowChange>();
        sw.Replica.Changed += (_, e) => { lock (changes) changes.AddRange(e.Changes); };
        var injected = 0;
        sw.BeforeCommit = () =>
        {
            // Another client edits the very row this ensure is about to update.
            if (Interlocked.Increment(ref injected) == 1)
                Ovs.Vsctl("set", "Port", br + "a", "tag=99", "other_config:by=vsctl");
            return Task.CompletedTask;
        };
        var r = await sw.EnsureAsync(new OvsdbDesiredState([new DesiredBridge(br) { Ports = [DesiredPort.Internal(br + "a") with { Tag = 2 }] }]), owner, Ct);
        Assert.Equal(2, r.Attempts);
        Assert.Equal("2", Get("Port", br + "a", "tag"));
        // The desired state has no other_config: the retry, planned on the fresh replica, removed the foreign key too.
        Assert.Equal("{}", Get("Port", br + "a", "other_config"));
        lock (changes)
            Assert.Contains(changes, c => c.Table == "Port" && c.New?["tag"].AsInteger() == 99);
        sw.BeforeCommit = null;
        await sw.EnsureAsync(OvsdbDesiredState.Empty, owner, Ct);
    }

    [Fact]
    public async Task Replica_VsctlAddsAndRemovesBridge_RaisesTypedChanges()
    {
        await using var sw = await Connect();
        var br = Names.Bridge();
        var events = new List<OvsdbRowChange>();
        sw.Replica.Changed += (_, e) => { lock (events) events.AddRange(e.Changes); };
        Ovs.Vsctl("add-br", br, "--", "set", "bridge", br, "datapath_type=netdev", "fail_mode=secure");
        Assert.True(await sw.Replica.WaitForAsync(s => s.BridgeNamed(br) is not null, TimeSpan.FromSeconds(10), Ct));
        var row = sw.Replica.Snapshot.BridgeNamed(br)!;
        Assert.Equal("secure", row.FailMode);
        Assert.Equal("netdev", row.DatapathType);
        Assert.Single(row.Ports);
        Assert.Equal(br, sw.Replica.Snapshot.Port(row.Ports[0])!.Name);
        Assert.Contains(row.Uuid, sw.Replica.Snapshot.OpenVswitch!.Bridges);
        Ovs.Vsctl("del-br", br);
        Assert.True(await sw.Replica.WaitForAsync(s => s.BridgeNamed(br) is null, TimeSpan.FromSeconds(10), Ct));
        lock (events)
        {
            Assert.Contains(events, e => e is { Table: "Bridge", Kind: RowChangeKind.Inserted } && e.Uuid == row.Uuid);
            Assert.Contains(events, e => e is { Table: "Bridge", Kind: RowChangeKind.Deleted } && e.Uuid == row.Uuid);
        }
    }

    [Fact]
    public async Task Replica_ChangedHandlerThrows_ClientReconnectsAndKeepsWorking()
    {
        await using var sw = await OvsdbVswitch.ConnectAsync(Ovs.DbTarget,
            new OvsdbClientOptions { MinBackoff = TimeSpan.FromMilliseconds(20) }, cancellationToken: Ct);
        var br = Names.Bridge();
        var thrown = 0;
        sw.Replica.Changed += (_, e) =>
        {
            if (e.Changes.Any(c => c.New?["name"].AsString() == br) && Interlocked.Increment(ref thrown) == 1)
                throw new InvalidCastException("a buggy subscriber");
        };
        Ovs.Vsctl("add-br", br, "--", "set", "bridge", br, "datapath_type=netdev");
        Assert.True(await sw.Replica.WaitForAsync(s => s.BridgeNamed(br) is not null, TimeSpan.FromSeconds(10), Ct));
        // The throwing handler dropped the connection; the client reconnects on its own.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (sw.Client.ConnectionCount < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(20, Ct);
        Assert.Equal(2, sw.Client.ConnectionCount);
        await sw.Client.WaitConnectedAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(["ok"], await sw.Client.EchoAsync(["ok"], Ct));
        Assert.NotNull(sw.Replica.Snapshot.BridgeNamed(br));
        Ovs.Vsctl("del-br", br);
    }

    [Fact]
    public void DesiredState_EqualContent_RecordsCompareEqual()
    {
        var a = new OvsdbDesiredState([new DesiredBridge("b") { Ports = [DesiredPort.Gre("g", "10.0.0.2", key: "7")], OtherConfig = ValueMap.Of(("x", "1"), ("y", "2")) }]);
        var b = new OvsdbDesiredState([new DesiredBridge("b") { Ports = [DesiredPort.Gre("g", "10.0.0.2", key: "7")], OtherConfig = ValueMap.Of(("y", "2"), ("x", "1")) }]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { Bridges = [new DesiredBridge("b")] });
    }
}
