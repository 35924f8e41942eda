using FedNet.Model;
using FedNet.Planning.Simulation;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>The repository's examples plan without errors, and every pair of vifs of a network reaches the other.</summary>
public sealed class ExampleTests
{
    public static TheoryData<string, string> Examples => new()
    {
        { "federation-paper.yaml", "elearning.yaml" },
        { "federation-paper.yaml", "two-tenants-same-subnet.yaml" },
        { "federation-paper.yaml", "latency-32-networks.yaml" },
        { "federation-four-sites.yaml", "four-sites-service.yaml" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Plan_Example_NoErrorsAndEveryPairConnectedAndIsolated(string federationFile, string servicesFile)
    {
        var set = DescriptionSet.Load(Example(federationFile), Example(servicesFile)).GetValueOrThrow();
        var plan = Planner.Plan(set.Federation, set.Services);
        Assert.DoesNotContain(plan.Diagnostics, d => d.Severity == PlanSeverity.Error);
        var sim = new DataplaneSimulator(plan);
        var vifs = sim.Vifs.ToList();
        foreach (var a in vifs)
        {
            foreach (var b in vifs.Where(b => b != a))
            {
                var result = sim.Send(a, Frame.Unicast(sim.MacOf(a), sim.MacOf(b)));
                if (sim.NetworkOf(a) == sim.NetworkOf(b))
                    Assert.Contains(result.Delivered, d => d.Vif == b);
                Assert.All(result.Delivered, d => Assert.Equal(sim.NetworkOf(a), sim.NetworkOf(d.Vif)));
            }
        }
    }
}
