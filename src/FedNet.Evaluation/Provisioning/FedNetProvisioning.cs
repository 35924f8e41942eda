using System.Diagnostics;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Planning;

namespace FedNet.Evaluation.Provisioning;

/// <summary>
/// FedNet's side of the provisioning measurement on the paper lab: the generated descriptions of
/// <see cref="ProvisioningWorkload"/> are loaded, validated and planned; every switch is reconciled from empty (OVSDB
/// bridges and ports, then flows in one bundle per switch, acknowledged by a barrier); then a sample of pairs is pinged
/// until each first reply. Only the sampled VMs get namespaces; the other vifs are OVS ports whose device does not
/// exist (their flows are installed all the same). Dispose takes the lab down.
/// </summary>
public sealed class FedNetProvisioning : IAsyncDisposable
{
    private FedNetProvisioning(FederationLab lab, string workDirectory, int networks)
    {
        Lab = lab;
        WorkDirectory = workDirectory;
        Networks = networks;
    }

    /// <summary>The lab (up).</summary>
    public FederationLab Lab { get; }

    /// <summary>Where the generated descriptions are.</summary>
    public string WorkDirectory { get; }

    /// <summary>Networks of the generated service.</summary>
    public int Networks { get; }

    /// <summary>The generated federation description.</summary>
    public string FederationPath => Path.Combine(WorkDirectory, "federation.yaml");

    /// <summary>The generated service description.</summary>
    public string ServicePath => Path.Combine(WorkDirectory, "service.yaml");

    /// <summary>Writes the descriptions for <paramref name="networks"/> networks and brings the lab up (not timed).</summary>
    public static async Task<FedNetProvisioning> StartAsync(LabOptions options, string examples, int networks,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var work = Directory.CreateTempSubdirectory("fednet-provisioning-").FullName;
        var lab = new FederationLab(options);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "federation.yaml"), ProvisioningWorkload.Federation(examples, networks), cancellationToken)
                .ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(work, "service.yaml"), ProvisioningWorkload.Service(networks), cancellationToken)
                .ConfigureAwait(false);
            await lab.UpAsync(LabTopology.Load(Path.Combine(work, "federation.yaml")), progress, cancellationToken).ConfigureAwait(false);
            return new FedNetProvisioning(lab, work, networks);
        }
        catch
        {
            await lab.DownAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            Directory.Delete(work, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Loads, plans, binds the sampled VMs (not timed), applies with a fresh controller and pings each sampled pair
    /// (up to 30 single pings) until it answers. Times count from the start of loading the descriptions.
    /// </summary>
    public async Task<FedNetProvisioningResult> MeasureAsync(int sampleSize, ControllerOptions? options = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        // Binding the sampled VMs comes first and is not timed: a VM exists before its network is provisioned, as on
        // OVN's side its OVS ports exist before the logical switches are described. (This untimed first plan also warms
        // the JIT, as in a controller that has been running.)
        var preSet = LabDeployment.Load(FederationPath, [ServicePath]);
        var prePlan = Planner.Plan(preSet.Federation, preSet.Services);
        var sample = ProvisioningWorkload.Sample(prePlan, Networks, sampleSize);
        var sampled = sample.SelectMany(p => new[] { p.From.Name, p.To.Name }).ToHashSet(StringComparer.Ordinal);
        IReadOnlyCollection<string> others = [.. VifPlacement.All(prePlan).Select(v => v.Name).Where(n => !sampled.Contains(n))];
        var bind = Stopwatch.StartNew();
        var bound = await new VmCoordinator(new NamespaceComputeDriver(Lab), _ => Task.FromResult(others)).BindAllAsync(prePlan, cancellationToken)
            .ConfigureAwait(false);
        progress?.Report($"bound the {bound} sampled VM endpoints in {bind.Elapsed.TotalSeconds:0.00} s (not counted)");

        var clock = Stopwatch.StartNew();
        var set = LabDeployment.Load(FederationPath, [ServicePath]);
        var loaded = clock.Elapsed;
        var plan = Planner.Plan(set.Federation, set.Services);
        var planned = clock.Elapsed;
        progress?.Report($"loaded {loaded.TotalSeconds:0.000} s, planned {(planned - loaded).TotalSeconds:0.000} s: " +
            $"{plan.State.Switches.Count} switches, {plan.State.FlowCount:N0} flows, {plan.Allocations.Macs.Count:N0} vifs");

        var state = Lab.ReadState();
        options ??= new ControllerOptions { SwitchTimeout = TimeSpan.FromMinutes(5), VswitchdTimeout = TimeSpan.FromMinutes(2) };
        await using var controller = new FedNetController(NodeEndpoint.FromLab(state), options);
        // ApplyAsync = reconcile every switch (each ends with a barrier) + the tunnel warm-up pause; the report's own
        // clock covers the reconcile only.
        var report = await controller.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        var applied = clock.Elapsed;
        if (!report.Succeeded)
            throw new InvalidOperationException($"reconcile of lab '{Lab.Options.Id}' failed: {string.Join("; ", report.Failed)}");
        progress?.Report($"every switch acknowledged by a barrier {report.Elapsed.TotalSeconds:0.000} s after planning " +
            $"({report.FlowMods:N0} flow-mods, {report.OvsdbWrites:N0} OVSDB writes)");

        var pings = await Task.WhenAll(sample.Select(async p =>
        {
            var ns = state.Vm(p.From.Name)?.Namespace ?? throw new InvalidOperationException($"VM {p.From.Name} was not bound");
            for (var attempt = 1; attempt <= 30; attempt++)
            {
                if (await Reachability.PingAsync(ns, p.To, cancellationToken).ConfigureAwait(false))
                    return new FirstPing(p.From.Name, p.To.Name, p.Path.ToString(), clock.Elapsed, attempt);
            }
            return new FirstPing(p.From.Name, p.To.Name, p.Path.ToString(), null, 0);
        })).ConfigureAwait(false);
        return new FedNetProvisioningResult(Networks, plan, loaded, planned - loaded, report, applied, pings);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Lab.DownAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        if (Directory.Exists(WorkDirectory))
            Directory.Delete(WorkDirectory, recursive: true);
    }
}

/// <summary>The first reply of one sampled pair: when (from the start of provisioning) and on which ping; null if none came.</summary>
public sealed record FirstPing(string From, string To, string Path, TimeSpan? At, int Attempt)
{
    /// <summary>True when the pair answered.</summary>
    public bool Reached => At is not null;
}

/// <summary>What FedNet took for one scale.</summary>
/// <param name="Networks">Networks provisioned.</param>
/// <param name="Plan">The plan applied.</param>
/// <param name="Load">Descriptions loaded and validated.</param>
/// <param name="Planning">Planner time.</param>
/// <param name="Reconcile">The first reconcile (its <see cref="ReconcileReport.Elapsed"/>: every switch acknowledged by a barrier).</param>
/// <param name="Applied">From the start of loading to the end of ApplyAsync (reconcile + tunnel warm-up).</param>
/// <param name="Pings">First reply of each sampled pair.</param>
public sealed record FedNetProvisioningResult(int Networks, NetworkPlan Plan, TimeSpan Load, TimeSpan Planning, ReconcileReport Reconcile,
    TimeSpan Applied, IReadOnlyList<FirstPing> Pings)
{
    /// <summary>From the start of loading the descriptions to every switch acknowledged by a barrier.</summary>
    public TimeSpan ToBarrier => Load + Planning + Reconcile.Elapsed;
}
