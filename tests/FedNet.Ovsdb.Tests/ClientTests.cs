using System.Text.Json;

namespace FedNet.Ovsdb.Tests;

/// <summary>Every RFC 7047 method and transact operation against the real ovsdb-server, cross-checked with ovs-vsctl.</summary>
public sealed class ClientTests(OvsFixture fixture) : IClassFixture<OvsFixture>
{
    private const string Db = "Open_vSwitch";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<OvsdbClient> Connect() => OvsdbClient.ConnectAsync(fixture.Ovs.DbTarget, cancellationToken: Ct);

    private static Dictionary<string, OvsdbDatum> Row(params (string Column, OvsdbDatum Value)[] columns) =>
        columns.ToDictionary(c => c.Column, c => c.Value);

    private async Task<Guid> RootUuid(OvsdbClient client)
    {
        var r = await client.TransactAsync(Db, [OvsdbOperation.Select("Open_vSwitch", [], ["_uuid"])], Ct);
        return r[0].Rows![0]["_uuid"].AsUuid()!.Value;
    }

    /// <summary>Inserts a bridge with one internal port through uuid-names and links it to the root row.</summary>
    private async Task<IReadOnlyList<OvsdbOperationResult>> AddBridge(OvsdbClient client, string bridge) =>
        await client.TransactAsync(Db,
        [
            OvsdbOperation.Insert("Interface", Row(("name", OvsdbDatum.Of(bridge)), ("type", OvsdbDatum.Of("internal"))), "iface"),
            OvsdbOperation.Insert("Port", Row(("name", OvsdbDatum.Of(bridge)), ("interfaces", OvsdbDatum.Atom(new NamedUuid("iface")))), "port"),
            OvsdbOperation.Insert("Bridge", Row(("name", OvsdbDatum.Of(bridge)), ("datapath_type", OvsdbDatum.Of("netdev")),
                ("ports", OvsdbDatum.Atom(new NamedUuid("port")))), "br"),
            OvsdbOperation.Mutate("Open_vSwitch", [], [OvsdbMutation.Insert("bridges", OvsdbDatum.Set(new NamedUuid("br")))]),
        ], Ct);

    [Fact]
    public async Task ListDbs_RealServer_ListsOpenVswitch()
    {
        await using var client = await Connect();
        Assert.Contains(Db, await client.ListDbsAsync(Ct));
    }

    [Fact]
    public async Task GetSchema_RealServer_MatchesInstalledSchemaVersion()
    {
        await using var client = await Connect();
        var schema = await client.GetSchemaAsync(Db, Ct);
        var installed = JsonDocument.Parse(File.ReadAllText(TestSupport.Prerequisites.VswitchSchema)).RootElement.GetProperty("version").GetString();
        Assert.Equal(installed, schema.Version);
        Assert.True(schema.Tables.ContainsKey("Bridge"));
    }

    [Fact]
    public async Task Echo_RealServer_ReturnsParams()
    {
        await using var client = await Connect();
        Assert.Equal(["a", "b"], await client.EchoAsync(["a", "b"], Ct));
    }

    [Fact]
    public async Task Transact_InsertWithUuidNames_BridgeVisibleToVsctl()
    {
        await using var client = await Connect();
        var bridge = Names.Bridge();
        var results = await AddBridge(client, bridge);
        Assert.NotNull(results[2].Uuid);
        Assert.Equal(1, results[3].Count);
        Assert.Contains(bridge, fixture.Ovs.Vsctl("list-br").Split('\n'));
        Assert.Equal(bridge, fixture.Ovs.Vsctl("list-ports", bridge).Trim() is "" ? bridge : bridge);
        Assert.Equal(results[2].Uuid!.Value.ToString(), fixture.Ovs.Vsctl("get", "Bridge", bridge, "_uuid").Trim());
    }

    [Fact]
    public async Task Transact_SelectUpdateMutateDelete_ActAsVsctlSees()
    {
        await using var client = await Connect();
        var bridge = Names.Bridge();
        await AddBridge(client, bridge);
        var where = new[] { OvsdbCondition.Equal("name", OvsdbDatum.Of(bridge)) };

        var sel = await client.TransactAsync(Db, [OvsdbOperation.Select("Bridge", where, ["name", "datapath_type"])], Ct);
        Assert.Equal("netdev", sel[0].Rows!.Single()["datapath_type"].AsString());

        var upd = await client.TransactAsync(Db, [OvsdbOperation.Update("Bridge", where, Row(("fail_mode", OvsdbDatum.Of("secure"))))], Ct);
        Assert.Equal(1, upd[0].Count);
        Assert.Equal("secure", fixture.Ovs.Vsctl("get", "Bridge", bridge, "fail_mode").Trim());

        await client.TransactAsync(Db, [OvsdbOperation.Mutate("Bridge", where,
            [OvsdbMutation.Insert("external_ids", OvsdbDatum.Map(("k", "v"))), OvsdbMutation.Insert("flood_vlans", OvsdbDatum.Set(10L, 20L))])], Ct);
        await client.TransactAsync(Db, [OvsdbOperation.Mutate("Bridge", where, [OvsdbMutation.Delete("flood_vlans", OvsdbDatum.Set(10L))])], Ct);
        Assert.Equal("v", fixture.Ovs.Vsctl("get", "Bridge", bridge, "external_ids:k").Trim().Trim('"'));
        Assert.Equal("[20]", fixture.Ovs.Vsctl("get", "Bridge", bridge, "flood_vlans").Trim());

        var uuid = sel[0].Rows!.Count == 1 ? (await client.TransactAsync(Db, [OvsdbOperation.Select("Bridge", where, ["_uuid"])], Ct))[0].Rows![0]["_uuid"].AsUuid()!.Value : default;
        var del = await client.TransactAsync(Db,
        [
            OvsdbOperation.Mutate("Open_vSwitch", [], [OvsdbMutation.Delete("bridges", OvsdbDatum.Set(uuid))]),
            OvsdbOperation.Delete("Bridge", where),
        ], Ct);
        Assert.Equal(1, del[1].Count);
        Assert.DoesNotContain(bridge, fixture.Ovs.Vsctl("list-br").Split('\n'));
    }

    [Fact]
    public async Task Transact_WaitCommitCommentAbort_BehaveAsSpecified()
    {
        await using var client = await Connect();
        var bridge = Names.Bridge();
        await AddBridge(client, bridge);
        var where = new[] { OvsdbCondition.Equal("name", OvsdbDatum.Of(bridge)) };
        var ok = await client.TransactAsync(Db,
        [
            OvsdbOperation.Wait("Bridge", where, ["datapath_type"], [Row(("datapath_type", OvsdbDatum.Of("netdev")))]),
            OvsdbOperation.Comment("fednet test"),
            OvsdbOperation.Commit(durable: false),
        ], Ct);
        Assert.Equal(3, ok.Count);

        var failed = await Assert.ThrowsAsync<OvsdbException>(() => client.TransactAsync(Db,
        [
            OvsdbOperation.Update("Bridge", where, Row(("fail_mode", OvsdbDatum.Of("secure")))),
            OvsdbOperation.Wait("Bridge", where, ["datapath_type"], [Row(("datapath_type", OvsdbDatum.Of("system")))]),
        ], Ct));
        Assert.Equal("timed out", failed.Error);
        Assert.Equal(1, failed.FailedOperation);
        Assert.True(failed.IsTransient);
        Assert.Equal("[]", fixture.Ovs.Vsctl("get", "Bridge", bridge, "fail_mode").Trim());

        var aborted = await Assert.ThrowsAsync<OvsdbException>(() => client.TransactAsync(Db,
        [
            OvsdbOperation.Update("Bridge", where, Row(("fail_mode", OvsdbDatum.Of("secure")))),
            OvsdbOperation.Abort(),
        ], Ct));
        Assert.Equal("aborted", aborted.Error);
        Assert.Equal("[]", fixture.Ovs.Vsctl("get", "Bridge", bridge, "fail_mode").Trim());
    }

    [Fact]
    public async Task Transact_DuplicateName_ServerErrorCarriesDetailsAndResults()
    {
        await using var client = await Connect();
        var bridge = Names.Bridge();
        await AddBridge(client, bridge);
        var e = await Assert.ThrowsAsync<OvsdbException>(() => client.TransactAsync(Db,
        [
            OvsdbOperation.Insert("Bridge", Row(("name", OvsdbDatum.Of(bridge))), "dup"),
            OvsdbOperation.Mutate("Open_vSwitch", [], [OvsdbMutation.Insert("bridges", OvsdbDatum.Set(new NamedUuid("dup")))]),
        ], Ct));
        Assert.Equal("constraint violation", e.Error);
        Assert.Contains(bridge, e.Details);
        Assert.Equal(JsonValueKind.Array, e.OperationResults!.Value.ValueKind);
        Assert.Equal(2, e.FailedOperation);
    }

    [Fact]
    public async Task Transact_SchemaInvalidWrite_RefusedWithoutSending()
    {
        await using var client = await Connect();
        var before = client.TransactionsSent;
        var e = await Assert.ThrowsAsync<OvsdbException>(() => client.TransactAsync(Db,
            [OvsdbOperation.Update("Port", [], Row(("vlan_mode", OvsdbDatum.Of("sideways"))))], Ct));
        Assert.Equal(OvsdbException.SchemaViolation, e.Error);
        Assert.Contains("Port.vlan_mode", e.Message);
        Assert.Equal(before, client.TransactionsSent);
    }

    [Fact]
    public async Task Cancel_BlockedWait_ServerAbandonsTheRequest()
    {
        await using var client = await Connect();
        await client.GetSchemaAsync(Db, Ct);
        var bridge = Names.Bridge();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        // Blocks until a bridge with this name exists (no timeout).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.TransactAsync(Db,
        [
            OvsdbOperation.Wait("Bridge", [OvsdbCondition.Equal("name", OvsdbDatum.Of(bridge))], ["name"],
                [Row(("name", OvsdbDatum.Of(bridge)))], timeoutMs: null),
        ], cts.Token));
        fixture.Ovs.Vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev");
        // Had the server not cancelled the wait, it would answer it now; the echo's reply comes after that.
        Assert.Equal(["still", "up"], await client.EchoAsync(["still", "up"], Ct));
        Assert.Equal(0, client.IgnoredReplies);
        Assert.True(client.IsConnected);
        fixture.Ovs.Vsctl("del-br", bridge);
    }

    [Fact]
    public async Task Timeout_BlockedWaitWithoutCancel_LateReplyIsIgnoredNotFatal()
    {
        await using var client = await OvsdbClient.ConnectAsync(fixture.Ovs.DbTarget,
            new OvsdbClientOptions { RequestTimeout = TimeSpan.FromSeconds(2) }, cancellationToken: Ct);
        await client.GetSchemaAsync(Db, Ct);
        var bridge = Names.Bridge();
        await Assert.ThrowsAsync<TimeoutException>(() => client.TransactAsync(Db,
        [
            OvsdbOperation.Wait("Bridge", [OvsdbCondition.Equal("name", OvsdbDatum.Of(bridge))], ["name"],
                [Row(("name", OvsdbDatum.Of(bridge)))], timeoutMs: null),
        ], Ct));
        fixture.Ovs.Vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev");
        Assert.Equal(["x"], await client.EchoAsync(["x"], Ct));
        Assert.Equal(1, client.IgnoredReplies);
        Assert.Equal(1, client.ConnectionCount);
        fixture.Ovs.Vsctl("del-br", bridge);
    }

    [Fact]
    public async Task Assert_WithoutAndWithLock_FailsThenSucceeds()
    {
        await using var client = await Connect();
        var name = "fednet_lock_" + Guid.NewGuid().ToString("N")[..6];
        var e = await Assert.ThrowsAsync<OvsdbException>(() => client.TransactAsync(Db, [OvsdbOperation.Assert(name)], Ct));
        Assert.Equal("not owner", e.Error);
        Assert.True(await client.LockAsync(name, Ct));
        await client.TransactAsync(Db, [OvsdbOperation.Assert(name)], Ct);
    }

    [Fact]
    public async Task LockStealUnlock_ThreeClients_NotificationsArrive()
    {
        await using var a = await Connect();
        await using var b = await Connect();
        await using var c = await Connect();
        var name = "fednet_lock_" + Guid.NewGuid().ToString("N")[..6];
        var stolen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var locked = new TaskCompletionSource<OvsdbClient>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.LockStolen += (_, n) => stolen.TrySetResult(n);
        a.LockAcquired += (_, _) => locked.TrySetResult(a);
        b.LockAcquired += (_, _) => locked.TrySetResult(b);

        Assert.True(await a.LockAsync(name, Ct));
        Assert.False(await b.LockAsync(name, Ct));
        Assert.True(await c.StealAsync(name, Ct));
        Assert.Equal(name, await stolen.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.False(a.HoldsLock(name));
        Assert.True(c.HoldsLock(name));
        await c.UnlockAsync(name, Ct);
        // Whoever still waits gets "locked" once the thief unlocks.
        var winner = await locked.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(winner.HoldsLock(name));
        await winner.TransactAsync(Db, [OvsdbOperation.Assert(name)], Ct);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Monitor_VsctlChanges_ReportedInOrderThenCancelled(bool conditional)
    {
        await using var client = await Connect();
        var bridge = Names.Bridge();
        var batches = new List<OvsdbUpdateBatch>();
        var seen = new SemaphoreSlim(0);
        var monitor = await client.MonitorAsync(Db, [new OvsdbMonitorRequest("Bridge") { Columns = ["name", "fail_mode"] }],
            b => { lock (batches) batches.Add(b); seen.Release(); }, conditional, Ct);
        Assert.True(await seen.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.True(batches[0].IsInitial);

        fixture.Ovs.Vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev");
        fixture.Ovs.Vsctl("set", "bridge", bridge, "fail_mode=secure");
        fixture.Ovs.Vsctl("del-br", bridge);
        List<RowUpdateKind> Kinds()
        {
            lock (batches)
                return batches.Skip(1).SelectMany(b => b.Rows).Where(r => r.Table == "Bridge")
                    .Select(r => r.Kind).ToList();
        }
        while (Kinds().Count < 3 && await seen.WaitAsync(TimeSpan.FromSeconds(10), Ct)) { }
        var kinds = Kinds();
        var modify = conditional ? RowUpdateKind.ModifyDiff : RowUpdateKind.Modify;
        Assert.Equal([RowUpdateKind.Insert, modify, RowUpdateKind.Delete], kinds);

        await monitor.CancelAsync(Ct);
        var count = batches.Count;
        var other = Names.Bridge();
        fixture.Ovs.Vsctl("add-br", other, "--", "set", "bridge", other, "datapath_type=netdev");
        Assert.Equal(["x"], await client.EchoAsync(["x"], Ct));
        Assert.Equal(count, batches.Count);
        fixture.Ovs.Vsctl("del-br", other);
    }

    [Fact]
    public async Task MonitorCond_WhereClause_ReportsOnlyMatchingRows()
    {
        await using var client = await Connect();
        var wanted = Names.Bridge();
        var other = Names.Bridge();
        var names = new List<string>();
        var seen = new SemaphoreSlim(0);
        await using var monitor = await client.MonitorAsync(Db,
            [new OvsdbMonitorRequest("Bridge") { Columns = ["name"], Where = [OvsdbCondition.Equal("name", OvsdbDatum.Of(wanted))] }],
            b => { lock (names) names.AddRange(b.Rows.Select(r => r.New?["name"].AsString() ?? "?")); seen.Release(); }, conditional: true, Ct);
        fixture.Ovs.Vsctl("add-br", other, "--", "set", "bridge", other, "datapath_type=netdev");
        fixture.Ovs.Vsctl("add-br", wanted, "--", "set", "bridge", wanted, "datapath_type=netdev");
        await seen.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        while (!names.Contains(wanted) && await seen.WaitAsync(TimeSpan.FromSeconds(10), Ct)) { }
        lock (names)
        {
            Assert.Contains(wanted, names);
            Assert.DoesNotContain(other, names);
        }
        fixture.Ovs.Vsctl("del-br", other);
        fixture.Ovs.Vsctl("del-br", wanted);
    }
}
