using System.Globalization;

namespace FedNet.Evaluation;

/// <summary>Summary of a sample: what every table reports (median and spread, mean, p50/p99).</summary>
public sealed record Summary(int Count, double Mean, double Median, double Min, double Max, double P99)
{
    /// <summary>Spread as "min–max".</summary>
    public string Spread(string format = "F1") =>
        $"{Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)}";
}

/// <summary>Order statistics over samples.</summary>
public static class Statistics
{
    /// <summary>Summarises <paramref name="samples"/> (at least one).</summary>
    public static Summary Summarize(IEnumerable<double> samples)
    {
        var sorted = samples.ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("no samples to summarise", nameof(samples));
        Array.Sort(sorted);
        return new Summary(sorted.Length, sorted.Average(), Percentile(sorted, 50), sorted[0], sorted[^1], Percentile(sorted, 99));
    }

    /// <summary>The <paramref name="p"/>th percentile of sorted samples, by linear interpolation between closest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("no samples", nameof(sorted));
        var rank = p / 100 * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }

    /// <summary>"0.93×" style ratio text, or "—" when the baseline is zero.</summary>
    public static string Ratio(double value, double baseline) =>
        baseline == 0 ? "—" : (value / baseline).ToString("F2", CultureInfo.InvariantCulture) + "×";
}
