using FedNet.Control;
using FedNet.Lab;
using FedNet.Planning;

namespace FedNet.Evaluation;

/// <summary>
/// A lab of one federation with services applied by FedNet's controller, for the length of a measurement: up, deployed
/// (plan, bind, reconcile) and, on dispose, controller stopped and lab down — even when the measurement failed.
/// </summary>
public sealed class LabSession : IAsyncDisposable
{
    private LabSession(FederationLab lab, FedNetController controller, NetworkPlan plan, ReconcileReport report)
    {
        Lab = lab;
        Controller = controller;
        Plan = plan;
        FirstReport = report;
        State = lab.ReadState();
        Vifs = VifPlacement.All(plan);
    }

    /// <summary>The running lab.</summary>
    public FederationLab Lab { get; }

    /// <summary>The controller that programmed it (still connected).</summary>
    public FedNetController Controller { get; }

    /// <summary>The plan applied.</summary>
    public NetworkPlan Plan { get; }

    /// <summary>The first reconcile (succeeded, or <see cref="StartAsync"/> would have thrown).</summary>
    public ReconcileReport FirstReport { get; }

    /// <summary>The lab as built.</summary>
    public LabState State { get; }

    /// <summary>Every vif of the plan, with its host, site, MAC and IP.</summary>
    public IReadOnlyList<VifPlacement> Vifs { get; }

    /// <summary>
    /// Brings up <paramref name="options"/>' lab of <paramref name="federationPath"/> and applies
    /// <paramref name="servicePaths"/>; a failed reconcile throws (after taking the lab down).
    /// </summary>
    public static async Task<LabSession> StartAsync(LabOptions options, string federationPath, IReadOnlyList<string> servicePaths,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var lab = new FederationLab(options);
        FedNetController? controller = null;
        try
        {
            await lab.UpAsync(LabTopology.Load(federationPath), progress, cancellationToken).ConfigureAwait(false);
            var set = LabDeployment.Load(federationPath, servicePaths);
            controller = new FedNetController(NodeEndpoint.FromLab(lab.ReadState()));
            var (plan, report) = await LabDeployment.DeployAsync(lab, set, controller, progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!report.Succeeded)
                throw new InvalidOperationException($"reconcile of lab '{options.Id}' failed: {string.Join("; ", report.Failed)}");
            return new LabSession(lab, controller, plan, report);
        }
        catch
        {
            if (controller is not null)
                await controller.DisposeAsync().ConfigureAwait(false);
            await lab.DownAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The vif of VM interface <paramref name="name"/> (as <see cref="VifPlacement.Name"/> spells it).</summary>
    public VifPlacement Vif(string name) => Vifs.Single(v => v.Name == name);

    /// <summary>The namespace of VM <paramref name="vm"/>.</summary>
    public string Namespace(string vm) => State.Vm(vm)?.Namespace ?? throw new InvalidOperationException($"VM {vm} is not in lab '{Lab.Options.Id}'");

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Controller.DisposeAsync().ConfigureAwait(false);
        await Lab.DownAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
    }
}
