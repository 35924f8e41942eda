using FedNet.Planning;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>What every deployment must show once applied: a reconcile with nothing changed sends nothing.</summary>
internal static class ReconcileAssert
{
    /// <summary>
    /// Reconciles again and asserts every switch in sync: 0 flow-mods, 0 meter-mods, 0 OVSDB writes, the controller's own
    /// flow-mod counter unmoved, and every planned flow found in sync.
    /// </summary>
    public static async Task NothingChangedSendsNothingAsync(FedNetController controller, NetworkPlan plan, CancellationToken cancellationToken)
    {
        var before = controller.FlowModsSent;

        var report = await controller.ReconcileAsync(cancellationToken);

        Assert.True(report.Succeeded, string.Join("\n", report.Failed));
        Assert.Equal(0, report.FlowMods);
        Assert.Equal(0, report.MeterMods);
        Assert.Equal(0, report.OvsdbWrites);
        Assert.Equal(before, controller.FlowModsSent);
        Assert.Equal(plan.State.FlowCount, report.FlowsInSync);
    }
}
