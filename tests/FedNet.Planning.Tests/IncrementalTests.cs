using FedNet.Model;
using FedNet.Planning.State;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>Incremental plans on the paper's examples (random ones are in <see cref="PropertyTests"/>).</summary>
public sealed class IncrementalTests
{
    private static Service Elearning() => DescriptionReader.ReadService(Example("elearning.yaml")).GetValueOrThrow();

    [Fact]
    public void IncrementalPlan_SameServiceAgain_EmptyDelta()
    {
        var plan = Planner.Plan(PaperFederation(), [Elearning(), .. Figure3()]);
        var update = Planner.Plan(plan, new UpsertService(Figure3()[0]));
        Assert.True(update.Delta.IsEmpty);
        Assert.Equal(plan.State, update.Plan.State);
    }

    [Fact]
    public void IncrementalPlan_AddServiceInTwoSites_TouchesOnlyItsHostsAndGateways()
    {
        var plan = Planner.Plan(PaperFederation(), [Elearning()]);
        var update = Planner.Plan(plan, new UpsertService(Figure3()[0]));
        Assert.Equal(["kuas-gw/br-gw", "kuas-rack1/br-int", "ncku-gw/br-gw", "ncku-h1/br-int"],
            update.Delta.Upserted.Keys.Select(k => k.ToString()));
        Assert.Empty(update.Delta.Removed);
        StateAssert.Equal(Planner.Plan(PaperFederation(), [Elearning(), Figure3()[0]], plan.Allocations).State, update.Plan.State);
    }

    [Fact]
    public void IncrementalPlan_RemoveService_TakesItsFlowsAndPortsAway()
    {
        var plan = Planner.Plan(PaperFederation(), [Elearning(), .. Figure3()]);
        var update = Planner.Plan(plan, new RemoveService("tx", "s"));
        var rack = update.Plan.State.Switches[new SwitchId("kuas-rack1", "br-int")];
        Assert.DoesNotContain(rack.Ports.Keys, p => p == "vf000a01");
        Assert.DoesNotContain(rack.AllFlows, f => Cookies.NetworkOf(f.Cookie) == plan.Allocations.NetworkIds[new NetworkKey("tx", "s", "x")]);
        StateAssert.Equal(Planner.Plan(PaperFederation(), [Elearning(), Figure3()[1]], plan.Allocations).State, update.Plan.State);
    }
}
