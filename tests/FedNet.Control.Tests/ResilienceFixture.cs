using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// Its own paper lab with elearning and the two tenants applied once, uninterrupted, by a controller that is then
/// disposed (so no controller runs between tests); <see cref="Reference"/> is what every switch held after that run.
/// </summary>
public sealed class ResilienceFixture : IAsyncLifetime
{
    public LabOptions Options { get; } = Examples.FreshLab();

    public FederationLab Lab { get; private set; } = null!;

    public NetworkPlan Plan { get; private set; } = null!;

    public IReadOnlyList<VifPlacement> Vifs { get; private set; } = [];

    internal ResilienceWitness.Snapshot Reference { get; private set; } = null!;

    public static readonly string[] ServiceFiles = [Examples.Path("elearning.yaml"), Examples.Path("two-tenants-same-subnet.yaml")];

    public async ValueTask InitializeAsync()
    {
        Prerequisites.Require("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ovs-appctl", "ip", "ping", "ethtool", "tcpdump");
        Lab = new FederationLab(Options);
        await Lab.UpAsync(LabTopology.Load(Examples.Paper));
        var set = LabDeployment.Load(Examples.Paper, ServiceFiles);
        await using (var controller = new FedNetController(NodeEndpoint.FromLab(Lab.ReadState())))
        {
            var (plan, report) = await LabDeployment.DeployAsync(Lab, set, controller);
            if (!report.Succeeded)
                throw new InvalidOperationException("reference deployment failed:\n" + string.Join("\n", report.Failed));
            Plan = plan;
        }
        Vifs = VifPlacement.All(Plan);
        Reference = ResilienceWitness.Take(Lab.ReadState(), Plan);
    }

    public LabState State => Lab.ReadState();

    public async ValueTask DisposeAsync() => await Lab.DownAsync();
}
