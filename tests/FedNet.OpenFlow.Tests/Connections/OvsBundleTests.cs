using System.Globalization;
using System.Text.RegularExpressions;
using FedNet.OpenFlow.Connections;
using Xunit;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>Bundles and flow-stats read-back against a real Open vSwitch.</summary>
public sealed partial class OvsBundleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bundle_TenThousandFlowsWithNiciraMoveLoad_ReadBackEqualsModelAndOvsOfctl()
    {
        await using var lab = OvsBridge.Start();
        await using var connection = await SwitchConnection.ConnectAsync(lab.ManagementTarget, cancellationToken: Token);
        var flows = FlowModel.Flows(10_000);

        await using (var bundle = await connection.OpenBundleAsync(cancellationToken: Token))
        {
            await bundle.AddAllAsync(flows, Token);
            await bundle.CommitAsync(Token);
        }
        await connection.BarrierAsync(Token);
        var stats = await connection.FlowStatsAsync(cancellationToken: Token);

        // Ours: every flow back, field for field (in canonical form).
        Assert.Equal(flows.Count, stats.Count);
        var expected = flows.Select(FlowModel.Canonical).Order(StringComparer.Ordinal).ToList();
        var actual = stats.Select(FlowModel.Canonical).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        // ovs-ofctl's view: the same (table, priority, cookie) set, and the ARP responders kept their moves.
        var dump = lab.Ovs.Ofctl("dump-flows", OvsBridge.Bridge);
        var ofctl = OfctlFlowLine().Matches(dump)
            .Select(m => (Table: byte.Parse(m.Groups["table"].Value, CultureInfo.InvariantCulture),
                Priority: ushort.Parse(m.Groups["priority"].Value, CultureInfo.InvariantCulture),
                Cookie: ulong.Parse(m.Groups["cookie"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))
            .ToHashSet();
        Assert.Equal(flows.Select(f => (f.TableId, f.Priority, f.Cookie)).ToHashSet(), ofctl);
        Assert.Contains("move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[]", dump, StringComparison.Ordinal);
        var aggregate = await connection.AggregateStatsAsync(cancellationToken: Token);
        Assert.Equal(10_000u, aggregate.FlowCount);
    }

    [Fact]
    public async Task Bundle_CommitWithRejectedFlow_ThrowsWithThatFlowsErrorAndInstallsNothing()
    {
        await using var lab = OvsBridge.Start();
        await using var connection = await SwitchConnection.ConnectAsync(lab.ManagementTarget, cancellationToken: Token);
        var flows = FlowModel.Flows(100);
        var bad = new FlowMod { Xid = 0xbad, TableId = 5, Instructions = [Instructions.GotoTable(2)] };

        var bundle = await connection.OpenBundleAsync(BundleFlags.Atomic, Token);
        await bundle.AddAllAsync(flows, Token);
        await bundle.AddAsync(bad, Token);
        var error = await Assert.ThrowsAsync<OpenFlowBundleException>(() => bundle.CommitAsync(Token));
        await connection.BarrierAsync(Token);

        Assert.Equal("commit", error.Operation);
        var refusal = Assert.Single(error.MessageErrors);
        Assert.Equal(0xbadu, refusal.Xid);
        Assert.Equal(OfpErrorType.BadInstruction, refusal.Type);
        Assert.Empty(await connection.FlowStatsAsync(cancellationToken: Token));
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Bundle_Discarded_InstallsNothing()
    {
        await using var lab = OvsBridge.Start();
        await using var connection = await SwitchConnection.ConnectAsync(lab.ManagementTarget, cancellationToken: Token);

        var bundle = await connection.OpenBundleAsync(cancellationToken: Token);
        await bundle.AddAllAsync(FlowModel.Flows(10), Token);
        await bundle.DiscardAsync(Token);
        await connection.BarrierAsync(Token);

        Assert.True(bundle.IsFinished);
        Assert.Empty(await connection.FlowStatsAsync(cancellationToken: Token));
    }

    [GeneratedRegex(@"cookie=0x(?<cookie>[0-9a-f]+), .*?table=(?<table>\d+), .*?priority=(?<priority>\d+)")]
    private static partial Regex OfctlFlowLine();
}
