using FedNet.Lab;
using FedNet.Planning;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// A lab of <paramref name="federationPath"/> with <paramref name="serviceFiles"/> applied by a controller that stays up:
/// up once for the class, down at the end (even when a test failed). <paramref name="extraPrerequisites"/> are commands
/// the class needs beyond the lab's own.
/// </summary>
public abstract class LabDeploymentFixture(string federationPath, string[] serviceFiles, params string[] extraPrerequisites) : IAsyncLifetime
{
    public LabOptions Options { get; } = Examples.FreshLab();

    public FederationLab Lab { get; private set; } = null!;

    public FedNetController Controller { get; private set; } = null!;

    public NetworkPlan Plan { get; private set; } = null!;

    public ReconcileReport FirstReport { get; private set; } = null!;

    public IReadOnlyList<VifPlacement> Vifs { get; private set; } = [];

    public LabState State => Lab.ReadState();

    public async ValueTask InitializeAsync()
    {
        Prerequisites.Require(["ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ip", "ping", "ethtool", .. extraPrerequisites]);
        Lab = new FederationLab(Options);
        await Lab.UpAsync(LabTopology.Load(federationPath));
        var set = LabDeployment.Load(federationPath, serviceFiles);
        Controller = new FedNetController(NodeEndpoint.FromLab(Lab.ReadState()));
        (Plan, FirstReport) = await LabDeployment.DeployAsync(Lab, set, Controller);
        Vifs = VifPlacement.All(Plan);
    }

    public VifPlacement Vif(string name) => Vifs.Single(v => v.Name == name);

    public string Namespace(string vm) => State.Vm(vm)?.Namespace ?? throw new InvalidOperationException($"VM {vm} is not in the lab");

    public string ManagementTarget(string node, string bridge) => State.Node(node)!.ManagementTarget(bridge);

    /// <summary>
    /// The datapath actions ovs-vswitchd of <paramref name="node"/> would take for <paramref name="flow"/> arriving on
    /// <paramref name="bridge"/> (ofproto/trace follows patch ports into the next bridge): the real switch as witness.
    /// </summary>
    public string DatapathActions(string node, string bridge, string flow)
    {
        var trace = Shell.Run("ovs-appctl", "-t", State.Node(node)!.VswitchdControl, "ofproto/trace", bridge, flow);
        var line = trace.Split('\n').LastOrDefault(l => l.StartsWith("Datapath actions:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no datapath actions in:\n" + trace);
        return line["Datapath actions:".Length..].Trim();
    }

    /// <summary>ovs-vsctl against node <paramref name="node"/>'s own database (an independent witness).</summary>
    public string Vsctl(string node, params string[] args) =>
        Shell.Run("ovs-vsctl", [$"--db={State.Node(node)!.OvsdbTarget}", .. args]).Trim();

    public async ValueTask DisposeAsync()
    {
        if (Controller is not null)
            await Controller.DisposeAsync();
        if (Lab is not null)
            await Lab.DownAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The paper lab with examples/elearning.yaml and the two-tenant example applied by the controller.</summary>
public sealed class PaperDeploymentFixture()
    : LabDeploymentFixture(Examples.Paper, [Examples.Path("elearning.yaml"), Examples.Path("two-tenants-same-subnet.yaml")]);
