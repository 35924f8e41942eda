using FedNet.Lab;
using FedNet.Planning;
using FedNet.Planning.State;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// The paper lab with every host on the <c>bridge-per-network</c> driver (examples/federation-paper-vswitches.yaml).
/// </summary>
public sealed class VswitchesDeploymentFixture() : DriverDeploymentFixture(FederationPath)
{
    public static string FederationPath => Examples.Path("federation-paper-vswitches.yaml");
}

/// <summary>
/// The paper lab with both drivers (examples/federation-paper-vswitches-mixed.yaml): kuas-rack1 and ntust-h1 ovs,
/// kuas-rack2 and ncku-h1 bridge-per-network, the two kuas racks on one segment.
/// </summary>
public sealed class MixedDriversDeploymentFixture() : DriverDeploymentFixture(Examples.Path("federation-paper-vswitches-mixed.yaml"));

/// <summary>A paper-shaped lab on <paramref name="federationPath"/> with elearning + the two tenants applied.</summary>
public abstract class DriverDeploymentFixture(string federationPath)
    : LabDeploymentFixture(federationPath, [Examples.Path("elearning.yaml"), Examples.Path("two-tenants-same-subnet.yaml")]);

/// <summary>
/// The vSwitches approach end to end: the same reachability assertion as the ovs driver's <see cref="EndToEndTests"/>,
/// learning bridges as planned (witnessed by ovs-vsctl), and an idempotent second reconcile.
/// </summary>
public sealed class BridgePerNetworkTests(VswitchesDeploymentFixture fixture) : IClassFixture<VswitchesDeploymentFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Apply_FirstReconcile_EveryVifIsOnItsNetworksLearningBridgeAndBrSegIsSecure()
    {
        var report = fixture.FirstReport;
        Assert.True(report.Succeeded, string.Join("\n", report.Failed));
        Assert.Equal(fixture.Plan.State.Switches.Count, report.Switches.Count);
        Assert.Equal(fixture.Plan.State.FlowCount, report.Switches.Sum(s => s.FlowsAdded + s.FlowsReplaced));

        var hosts = fixture.Plan.State.Switches.Values.Where(s => s.Role == SwitchRole.NetworkBridge).ToList();
        Assert.NotEmpty(hosts);
        foreach (var bn in hosts)
        {
            var ports = fixture.Vsctl(bn.Id.Node, "list-ports", bn.Bridge.Name).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(bn.Ports.Keys.Order(StringComparer.Ordinal), ports.Order(StringComparer.Ordinal));
            Assert.Equal("standalone", fixture.Vsctl(bn.Id.Node, "get", "Bridge", bn.Bridge.Name, "fail_mode"));
        }
        foreach (var vif in fixture.Vifs)
        {
            var vlan = fixture.Plan.PrivateVlans(vif.Network)[vif.Site];
            Assert.Equal(Ports.NetworkBridge(vlan), fixture.Vsctl(vif.Host, "port-to-br", vif.HostInterface));
        }
        foreach (var node in fixture.State.Nodes.Where(n => n.Kind == LabNodeKind.Host))
            Assert.Equal("secure", fixture.Vsctl(node.Name, "get", "Bridge", Ports.SegmentBridge, "fail_mode"));
    }

    [Fact]
    public void SegmentBridge_TaggedFrameFromVmOrForeignOrUntaggedFrameFromTrunk_DroppedByTheRealSwitch()
    {
        var web = fixture.Vifs.Single(v => v.Name == "alpha.web");
        var other = fixture.Vifs.Single(v => v.Name == "beta.web");
        Assert.Equal(web.Host, other.Host);
        var mine = fixture.Plan.PrivateVlans(web.Network)[web.Site];
        var theirs = fixture.Plan.PrivateVlans(other.Network)[other.Site];
        var unused = Enumerable.Range(100, 100).First(v => !fixture.Plan.State.Switches.ContainsKey(new SwitchId(web.Host, Ports.NetworkBridge(v))));
        var bn = Ports.NetworkBridge(mine);
        var broadcast = $"dl_src={web.MacText},dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x0806";

        // Positive controls: the VM's own untagged broadcast leaves tagged with its VLAN; its VLAN from the trunk comes in.
        Assert.Contains($"push_vlan(vid={mine},", fixture.DatapathActions(web.Host, bn, $"in_port={web.HostInterface},{broadcast}"), StringComparison.Ordinal);
        Assert.Contains("pop_vlan", fixture.DatapathActions(web.Host, Ports.SegmentBridge, $"in_port=seg0,dl_vlan={mine},{broadcast}"), StringComparison.Ordinal);

        // VLAN hopping: the VM sends a frame already tagged with the other tenant's VLAN on this host.
        Assert.Equal("drop", fixture.DatapathActions(web.Host, bn, $"in_port={web.HostInterface},dl_vlan={theirs},{broadcast}"));
        // From the trunk: untagged frames and a VLAN no network on this host uses go nowhere.
        Assert.Equal("drop", fixture.DatapathActions(web.Host, Ports.SegmentBridge, $"in_port=seg0,{broadcast}"));
        Assert.Equal("drop", fixture.DatapathActions(web.Host, Ports.SegmentBridge, $"in_port=seg0,dl_vlan={unused},{broadcast}"));
    }

    [Fact]
    public async Task Reachability_ElearningAndTwoTenants_SameNetworkPairsPingFirstTimeAndNoOtherPairDoes()
    {
        await ReachabilityAssert.SameNetworkPairsPingFirstTimeAndNoOtherPairDoesAsync(fixture.Plan, fixture.State, fixture.Vifs, Token);
    }

    [Fact]
    public async Task Reconcile_NothingChanged_SendsZeroFlowModsAndZeroOvsdbWrites()
    {
        await ReconcileAssert.NothingChangedSendsNothingAsync(fixture.Controller, fixture.Plan, Token);
    }
}

/// <summary>
/// Both drivers in one federation, the two kuas racks (ovs and bridge-per-network) on one segment trunk: the same
/// reachability assertion, and an idempotent second reconcile.
/// </summary>
public sealed class MixedDriversTests(MixedDriversDeploymentFixture fixture) : IClassFixture<MixedDriversDeploymentFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reachability_ElearningAndTwoTenants_SameNetworkPairsPingFirstTimeAndNoOtherPairDoes()
    {
        Assert.True(fixture.FirstReport.Succeeded, string.Join("\n", fixture.FirstReport.Failed));
        Assert.Contains(fixture.Plan.State.Switches.Values, s => s.Role == SwitchRole.IntegrationBridge);
        Assert.Contains(fixture.Plan.State.Switches.Values, s => s.Role == SwitchRole.NetworkBridge);

        await ReachabilityAssert.SameNetworkPairsPingFirstTimeAndNoOtherPairDoesAsync(fixture.Plan, fixture.State, fixture.Vifs, Token);
    }

    [Fact]
    public async Task Reconcile_NothingChanged_SendsZeroFlowModsAndZeroOvsdbWrites()
    {
        await ReconcileAssert.NothingChangedSendsNothingAsync(fixture.Controller, fixture.Plan, Token);
    }
}

/// <summary>
/// The controller's ARP proxy with learning-bridge hosts, whose ARP requests flood to the gateway: the gateway answers for
/// vifs in other sites only (a reply for a local vif would carry its MAC from the gateway's port and mislead the segment).
/// </summary>
public sealed class BridgePerNetworkArpProxyTests
{
    [Fact]
    public void ArpTable_GatewayOfLearningBridgeSite_AnswersForRemoteVifsOnlyAndHostsForAll()
    {
        var set = LabDeployment.Load(VswitchesDeploymentFixture.FederationPath, [Examples.Path("elearning.yaml")]);
        var plan = Planner.Plan(set.Federation, set.Services);
        var table = ArpTable.Build(plan);
        var vifs = VifPlacement.All(plan);
        var local = vifs.Single(v => v.Name == "school.auth.back");
        var remote = vifs.Single(v => v.Name == "school.school-db");
        var vlan = plan.PrivateVlans(local.Network)["kuas"];

        Assert.True(table.TryResolve("kuas-gw", vlan, remote.Ip, out var mac));
        Assert.Equal(remote.Mac, mac);
        Assert.False(table.TryResolve("kuas-gw", vlan, local.Ip, out _));
        Assert.True(table.TryResolve(local.Host, vlan, local.Ip, out mac));
        Assert.Equal(local.Mac, mac);
        Assert.True(table.TryResolve(local.Host, vlan, remote.Ip, out _));
    }
}
