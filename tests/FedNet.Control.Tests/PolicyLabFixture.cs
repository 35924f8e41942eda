using FedNet.Lab;
using FedNet.Planning;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// The paper lab with examples/policy-vpls.yaml applied (network `limited` metered at 30 Mbit/s across the kuas-ncku
/// VPLS, network `open` beside it): up once for the class, down at the end (even when a test failed).
/// </summary>
public sealed class PolicyLabFixture : IAsyncLifetime
{
    public LabOptions Options { get; } = Examples.FreshLab();

    public FederationLab Lab { get; private set; } = null!;

    public FedNetController Controller { get; private set; } = null!;

    public NetworkPlan Plan { get; private set; } = null!;

    public ReconcileReport FirstReport { get; private set; } = null!;

    public IReadOnlyList<VifPlacement> Vifs { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Prerequisites.Require("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ip", "ping", "ethtool", "iperf3");
        Lab = new FederationLab(Options);
        await Lab.UpAsync(LabTopology.Load(Examples.Paper));
        var set = LabDeployment.Load(Examples.Paper, [Examples.Path("policy-vpls.yaml")]);
        Controller = new FedNetController(NodeEndpoint.FromLab(Lab.ReadState()));
        (Plan, FirstReport) = await LabDeployment.DeployAsync(Lab, set, Controller);
        Vifs = VifPlacement.All(Plan);
    }

    public LabState State => Lab.ReadState();

    public VifPlacement Vif(string name) => Vifs.Single(v => v.Name == name);

    public string Namespace(string vm) => State.Vm(vm)?.Namespace ?? throw new InvalidOperationException($"VM {vm} is not in the lab");

    public string ManagementTarget(string node, string bridge) => State.Node(node)!.ManagementTarget(bridge);

    public async ValueTask DisposeAsync()
    {
        if (Controller is not null)
            await Controller.DisposeAsync();
        await Lab.DownAsync();
    }
}
