namespace FedNet.Ovsdb.Tests;

/// <summary>The logic of <c>fednet ovsdb show|transact</c> against a real server.</summary>
public sealed class DebugCommandTests(OvsFixture fixture) : IClassFixture<OvsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transact_SelectInsertAndFailingWait_PrintResultsAndReportOutcome()
    {
        var br = Names.Bridge();
        fixture.Ovs.Vsctl("add-br", br, "--", "set", "bridge", br, "datapath_type=netdev");
        var output = new StringWriter();
        var error = new StringWriter();
        var select = $$"""["Open_vSwitch", {"op":"select","table":"Bridge","where":[["name","==","{{br}}"]],"columns":["name"]}]""";
        Assert.Equal(OvsdbDebugOutcome.Ok, await OvsdbDebug.TransactAsync(fixture.Ovs.DbTarget, select, output, error, Ct));
        Assert.Contains($"\"name\": \"{br}\"", output.ToString());

        var wait = $$"""[{"op":"wait","table":"Bridge","where":[["name","==","{{br}}"]],"columns":["name"],"until":"!=","rows":[{"name":"{{br}}"}],"timeout":0}]""";
        Assert.Equal(OvsdbDebugOutcome.OperationFailed, await OvsdbDebug.TransactAsync(fixture.Ovs.DbTarget, wait, output, error, Ct));
        Assert.Contains("timed out", output.ToString());
        fixture.Ovs.Vsctl("del-br", br);
    }

    [Fact]
    public async Task Transact_MalformedJson_NamesLineAndColumn()
    {
        var error = new StringWriter();
        Assert.Equal(OvsdbDebugOutcome.BadInput, await OvsdbDebug.TransactAsync(fixture.Ovs.DbTarget, "[\n {\"op\": }]", new StringWriter(), error, Ct));
        Assert.StartsWith("JSON:2:9:", error.ToString());
    }

    [Fact]
    public async Task ShowAndTransact_UnreachableServer_ReportUnreachable()
    {
        var missing = "unix:" + Path.Combine(Path.GetTempPath(), "fednet-no-such-" + Guid.NewGuid().ToString("N") + ".sock");
        Assert.Equal(OvsdbDebugOutcome.Unreachable, await OvsdbDebug.ShowAsync(missing, new StringWriter(), new StringWriter(), Ct));
        Assert.Equal(OvsdbDebugOutcome.Unreachable, await OvsdbDebug.TransactAsync(missing, "[]", new StringWriter(), new StringWriter(), Ct));
        Assert.Equal(OvsdbDebugOutcome.BadInput, await OvsdbDebug.ShowAsync("nonsense", new StringWriter(), new StringWriter(), Ct));
    }

    [Fact]
    public async Task Show_RealSwitch_PrintsBridgeAndVersionLikeVsctl()
    {
        var br = Names.Bridge();
        fixture.Ovs.Vsctl("add-br", br, "--", "set", "bridge", br, "datapath_type=netdev", "fail_mode=secure");
        var output = new StringWriter();
        Assert.Equal(OvsdbDebugOutcome.Ok, await OvsdbDebug.ShowAsync(fixture.Ovs.DbTarget, output, new StringWriter(), Ct));
        var lines = output.ToString().Split('\n');
        var vsctl = fixture.Ovs.Vsctl("show").Split('\n');
        Assert.Contains($"    Bridge {br}", lines);
        Assert.Contains("        fail_mode: secure", lines);
        Assert.Equal(vsctl[0], lines[0]);
        Assert.Contains($"            Interface {br}", vsctl);
        Assert.Contains($"            Interface {br}", lines);
        fixture.Ovs.Vsctl("del-br", br);
    }
}
