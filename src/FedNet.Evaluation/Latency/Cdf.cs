namespace FedNet.Evaluation.Latency;

/// <summary>Empirical cumulative distribution of a sample, for the report's plots.</summary>
internal static class Cdf
{
    /// <summary>Sorted values and their cumulative fraction (0–1], at most <paramref name="points"/> points.</summary>
    public static (double[] X, double[] Y) Of(IEnumerable<double> samples, int points = 2000)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
            return ([], []);
        var step = Math.Max(1, sorted.Length / points);
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < sorted.Length; i += step)
        {
            xs.Add(sorted[i]);
            ys.Add((i + 1) / (double)sorted.Length);
        }
        xs.Add(sorted[^1]);
        ys.Add(1);
        return ([.. xs], [.. ys]);
    }
}
