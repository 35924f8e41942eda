using BenchmarkDotNet.Attributes;
using FedNet.Model;
using FedNet.Planning;

namespace FedNet.Benchmarks.Planning;

/// <summary>
/// BenchmarkDotNet view of the planner on the <see cref="PlanningWorkload"/> (smaller sizes than <c>scenario planner</c>,
/// so BenchmarkDotNet's repetitions stay short): a full plan, and one incremental change on top of it.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private Federation _federation = null!;
    private List<Service> _services = null!;
    private NetworkPlan _plan = null!;
    private UpsertService _change = null!;

    [Params(100, 1000)]
    public int Networks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _federation = PlanningWorkload.Federation();
        _services = PlanningWorkload.Services(Networks);
        _plan = Planner.Plan(_federation, _services);
        _change = new UpsertService(PlanningWorkload.Service(_services.Count / 2, 10, 10, variant: 1));
    }

    [Benchmark]
    public NetworkPlan FullPlan() => Planner.Plan(_federation, _services);

    [Benchmark]
    public PlanUpdate OneChange() => Planner.Plan(_plan, _change);
}
