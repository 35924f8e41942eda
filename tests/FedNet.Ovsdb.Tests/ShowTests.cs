using FedNet.Ovsdb.Ensure;

namespace FedNet.Ovsdb.Tests;

/// <summary><c>fednet ovsdb show</c>'s rendering, compared with what <c>ovs-vsctl show</c> prints for the same switch.</summary>
public sealed class ShowTests(OvsFixture fixture) : IClassFixture<OvsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Render_BridgeWithTunnelAndTag_ListsWhatVsctlShowLists()
    {
        await using var sw = await OvsdbVswitch.ConnectAsync(fixture.Ovs.DbTarget, cancellationToken: Ct);
        var br = Names.Bridge();
        await sw.EnsureAsync(new OvsdbDesiredState([new DesiredBridge(br)
        {
            Controllers = [new DesiredController("tcp:127.0.0.1:6653")],
            Ports = [DesiredPort.Internal(br) with { Tag = 12 }, DesiredPort.Gre(br + "g", "192.0.2.9", key: "flow")],
        }]), "show-test", Ct);
        await sw.WaitForVswitchdAsync(TimeSpan.FromSeconds(20), Ct);

        var ours = OvsdbShow.Render(sw.Replica.Snapshot).Split('\n').Select(l => l.TrimEnd()).ToList();
        var theirs = fixture.Ovs.Vsctl("show").Split('\n').Select(l => l.TrimEnd()).ToList();
        // Every structural line ovs-vsctl prints for our bridge appears, at the same indentation, in ours.
        string[] expected =
        [
            $"    Bridge {br}",
            "        Controller \"tcp:127.0.0.1:6653\"",
            "        fail_mode: secure",
            "        datapath_type: netdev",
            $"        Port {br}",
            "            tag: 12",
            $"            Interface {br}",
            "                type: internal",
            $"        Port {br}g",
            $"            Interface {br}g",
            "                type: gre",
            "                options: {key=flow, remote_ip=\"192.0.2.9\"}",
        ];
        foreach (var line in expected)
        {
            Assert.Contains(line, theirs);
            Assert.Contains(line, ours);
        }
        Assert.Equal(theirs[0], ours[0]);
    }
}
