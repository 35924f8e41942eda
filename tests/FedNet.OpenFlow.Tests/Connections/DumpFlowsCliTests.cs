using FedNet.OpenFlow.Connections;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary><c>./fednet openflow dump-flows SWITCH</c> against a real Open vSwitch.</summary>
public sealed class DumpFlowsCliTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DumpFlows_BridgeWithFlows_PrintsOneLinePerFlowWithCookieMatchActionsAndCounters()
    {
        await using var lab = OvsBridge.Start();
        await using (var connection = await SwitchConnection.ConnectAsync(lab.ManagementTarget, cancellationToken: Token))
        {
            await connection.SendAllAsync(FlowModel.Flows(20), Token);
            await connection.BarrierAsync(Token);
        }

        var (exit, output, error) = await RunFednetAsync("openflow", "dump-flows", lab.ManagementTarget);

        Assert.True(exit == 0, $"exit {exit}: {error}");
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^cookie=0x[0-9a-f]+, table=\d+, priority=\d+, duration=[\d.]+s, n_packets=0, n_bytes=0, ", l));
        // Ordered by table: the ten ARP responders of table 0 first.
        Assert.All(lines[..10], l => Assert.Contains("table=0, priority=100", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("cookie=0xfed0000000000000, table=0", StringComparison.Ordinal)
            && l.Contains("arp_tpa=10.0.0.0", StringComparison.Ordinal) && l.Contains("vlan_vid=100", StringComparison.Ordinal)
            && l.Contains("move:eth_src[]->eth_dst[]", StringComparison.Ordinal) && l.Contains("output:in_port", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("table=1, priority=200", StringComparison.Ordinal)
            && l.Contains("eth_dst=02:fe:00:00:00:01", StringComparison.Ordinal) && l.Contains("output:1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DumpFlows_NothingListening_ExitsUnavailableNamingTheSwitch()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fednet-none-{Guid.NewGuid():n}.mgmt");

        var (exit, _, error) = await RunFednetAsync("openflow", "dump-flows", "unix:" + path);

        Assert.Equal(69, exit);
        Assert.Contains(path, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DumpFlows_TargetWithoutTransport_ExitsUsage()
    {
        var (exit, _, error) = await RunFednetAsync("openflow", "dump-flows", "br0");

        Assert.Equal(64, exit);
        Assert.Contains("tcp:HOST:PORT or unix:PATH", error, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Output, string Error)> RunFednetAsync(params string[] args) =>
        FednetCli.RunAsync(args, Token);
}
