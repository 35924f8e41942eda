namespace FedNet.Evaluation.Throughput;

/// <summary>One iperf3 run of figure 4: repetition (0-based), path and setup.</summary>
public sealed record ThroughputRun(int Repetition, ThroughputPath Path, ThroughputSetup Setup);

/// <summary>
/// The order of figure 4's runs: repetition by repetition, path by path, the three setups back to back, so load from
/// the rest of the machine hits the setups of one path alike. The setups' order rotates with every path and
/// repetition, so none is always first (a warm cache or a quiet moment favours no setup).
/// </summary>
public static class ThroughputSchedule
{
    /// <summary>Every run, in the order to measure them.</summary>
    public static IReadOnlyList<ThroughputRun> Order(int repetitions, IReadOnlyList<ThroughputPath> paths, IReadOnlyList<ThroughputSetup> setups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        var runs = new List<ThroughputRun>(repetitions * paths.Count * setups.Count);
        var turn = 0;
        for (var r = 0; r < repetitions; r++)
        {
            foreach (var path in paths)
            {
                for (var s = 0; s < setups.Count; s++)
                    runs.Add(new ThroughputRun(r, path, setups[(s + turn) % setups.Count]));
                turn++;
            }
        }
        return runs;
    }
}
