namespace FedNet.Api.Metrics.Internal;

/// <summary>A Prometheus histogram: cumulative bucket counts, sum and count, per label set; thread-safe.</summary>
internal sealed class Histogram(string name, string help, double[] bounds)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);

    public void Observe(double value, string labels = "")
    {
        lock (_lock)
        {
            if (!_series.TryGetValue(labels, out var s))
                _series[labels] = s = new Series(new long[bounds.Length]);
            for (var i = 0; i < bounds.Length; i++)
            {
                if (value <= bounds[i])
                    s.Buckets[i]++;
            }
            s.Count++;
            s.Sum += value;
        }
    }

    public void WriteTo(PrometheusText text)
    {
        text.Header(name, help, "histogram");
        lock (_lock)
        {
            foreach (var (labels, s) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                for (var i = 0; i < bounds.Length; i++)
                    text.Sample(name + "_bucket", PrometheusText.Join(labels, $"le=\"{PrometheusText.Number(bounds[i])}\""), s.Buckets[i]);
                text.Sample(name + "_bucket", PrometheusText.Join(labels, "le=\"+Inf\""), s.Count);
                text.Sample(name + "_sum", labels, s.Sum);
                text.Sample(name + "_count", labels, s.Count);
            }
        }
    }

    private sealed class Series(long[] buckets)
    {
        public long[] Buckets { get; } = buckets;

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
