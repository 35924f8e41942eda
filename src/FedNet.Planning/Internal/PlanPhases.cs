using System.Diagnostics;

namespace FedNet.Planning.Internal;

/// <summary>
/// Wall time, garbage collections and allocated bytes of each phase of a full plan, for the planner scenario (bench/): where a plan's
/// time goes without a profiler. Not used by the product.
/// </summary>
internal sealed class PlanPhases
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private (int Gen0, int Gen1, int Gen2) _collections = Collections();
    private long _allocated = GC.GetTotalAllocatedBytes();
    private readonly List<(string Moment, TimeSpan At)> _marks = [];

    public List<(string Phase, TimeSpan Elapsed, int Gen0, int Gen1, int Gen2, long Allocated)> Phases { get; } = [];

    /// <summary>Ends the current phase as <paramref name="phase"/> (listed before the moments marked in it) and starts the next.</summary>
    public void End(string phase)
    {
        var now = Collections();
        var allocated = GC.GetTotalAllocatedBytes();
        Phases.Add((phase, _clock.Elapsed, now.Gen0 - _collections.Gen0, now.Gen1 - _collections.Gen1, now.Gen2 - _collections.Gen2,
            allocated - _allocated));
        foreach (var (moment, at) in _marks)
            Phases.Add((moment, at, 0, 0, 0, 0));
        _marks.Clear();
        _collections = now;
        _allocated = allocated;
        _clock.Restart();
    }

    /// <summary>Records when <paramref name="moment"/> happened within the current phase (no collections or bytes of its own).</summary>
    public void Mark(string moment) => _marks.Add((moment, _clock.Elapsed));

    private static (int Gen0, int Gen1, int Gen2) Collections() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
}
