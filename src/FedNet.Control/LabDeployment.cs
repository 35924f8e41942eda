using System.Diagnostics;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;
using Microsoft.Extensions.Logging;

namespace FedNet.Control;

/// <summary>
/// The controller's start-up sequence against a running lab, shared by <c>fednet serve</c>, <c>fednet demo</c> and
/// the tests: load and validate the descriptions, plan, bind every vif through the lab's compute driver, then
/// reconcile every switch.
/// </summary>
public static class LabDeployment
{
    /// <summary>Loads and validates the federation and service files; a <see cref="DescriptionException"/> lists every error.</summary>
    public static DescriptionSet Load(string federationPath, IReadOnlyList<string> servicePaths)
    {
        var loaded = DescriptionSet.Load(federationPath, servicePaths);
        if (!loaded.IsValid || loaded.Value is not { } set)
            throw new DescriptionException(loaded.Errors);
        return set;
    }

    /// <summary>Plans <paramref name="set"/>, binds its vifs in <paramref name="lab"/> and reconciles every switch with <paramref name="controller"/>.</summary>
    public static async Task<(NetworkPlan Plan, ReconcileReport Report)> DeployAsync(FederationLab lab, DescriptionSet set,
        FedNetController controller, IProgress<string>? progress = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(controller);
        var clock = Stopwatch.StartNew();
        var plan = Planner.Plan(set.Federation, set.Services);
        progress?.Report($"planned {set.Services.Count} service(s): {plan.State.Switches.Count} switches, {plan.State.FlowCount} flows, " +
            $"{plan.Allocations.Macs.Count} vifs");
        var bound = await VmCoordinator.ForLab(lab, logger).BindAllAsync(plan, cancellationToken).ConfigureAwait(false);
        progress?.Report($"bound {bound} VM endpoint(s) through the lab's compute driver ({clock.Elapsed.TotalSeconds:0.0}s)");
        var report = await controller.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        progress?.Report($"reconciled {report.Switches.Count} switches in {report.Elapsed.TotalMilliseconds:0} ms: {report.FlowMods} flow-mods, " +
            $"{report.MeterMods} meter-mods, {report.OvsdbWrites} OVSDB writes" + (report.Succeeded ? "" : $", {report.Failed.Count} FAILED"));
        foreach (var failed in report.Failed)
            progress?.Report("  " + failed);
        return (plan, report);
    }
}
