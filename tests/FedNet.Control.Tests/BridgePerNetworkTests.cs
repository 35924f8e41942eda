using FedNet.Lab;
using FedNet.Planning;
using FedNet.Planning.State;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// The paper lab with every host on the <c>bridge-per-network</c> driver (examples/federation-paper-vswitches.yaml) and
/// elearning + the two tenants applied: up once for the class, down at the end (even when a test failed).
/// </summary>
public sealed class VswitchesDeploymentFixture : IAsyncLifetime
{
    public static string FederationPath => Examples.Path("federation-paper-vswitches.yaml");

    public LabOptions Options { get; } = Examples.FreshLab();

    public FederationLab Lab { get; private set; } = null!;

    public FedNetController Controller { get; private set; } = null!;

    public NetworkPlan Plan { get; private set; } = null!;

    public ReconcileReport FirstReport { get; private set; } = null!;

    public IReadOnlyList<VifPlacement> Vifs { get; private set; } = [];

    public LabState State => Lab.ReadState();

    public async ValueTask InitializeAsync()
    {
        Prerequisites.Require("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ip", "ping", "ethtool");
        Lab = new FederationLab(Options);
        await Lab.UpAsync(LabTopology.Load(FederationPath));
        var set = LabDeployment.Load(FederationPath, [Examples.Path("elearning.yaml"), Examples.Path("two-tenants-same-subnet.yaml")]);
        Controller = new FedNetController(NodeEndpoint.FromLab(Lab.ReadState()));
        (Plan, FirstReport) = await LabDeployment.DeployAsync(Lab, set, Controller);
        Vifs = VifPlacement.All(Plan);
    }

    /// <summary>ovs-vsctl against node <paramref name="node"/>'s own database (an independent witness).</summary>
    public string Vsctl(string node, params string[] args) =>
        Shell.Run("ovs-vsctl", [$"--db={State.Node(node)!.OvsdbTarget}", .. args]).Trim();

    public async ValueTask DisposeAsync()
    {
        if (Controller is not null)
            await Controller.DisposeAsync();
        await Lab.DownAsync();
    }
}

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
    public async Task Reachability_ElearningAndTwoTenants_SameNetworkPairsPingFirstTimeAndNoOtherPairDoes()
    {
        await ReachabilityAssert.SameNetworkPairsPingFirstTimeAndNoOtherPairDoesAsync(fixture.Plan, fixture.State, fixture.Vifs, Token);
    }

    [Fact]
    public async Task Reconcile_NothingChanged_SendsZeroFlowModsAndZeroOvsdbWrites()
    {
        var before = fixture.Controller.FlowModsSent;

        var report = await fixture.Controller.ReconcileAsync(Token);

        Assert.True(report.Succeeded, string.Join("\n", report.Failed));
        Assert.Equal(0, report.FlowMods);
        Assert.Equal(0, report.MeterMods);
        Assert.Equal(0, report.OvsdbWrites);
        Assert.Equal(before, fixture.Controller.FlowModsSent);
        Assert.Equal(fixture.Plan.State.FlowCount, report.FlowsInSync);
    }
}
