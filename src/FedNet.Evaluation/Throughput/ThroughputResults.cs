using System.Globalization;
using System.Text.Json.Nodes;

namespace FedNet.Evaluation.Throughput;

/// <summary>One cell of figure 4: a setup on a path, every sample (Mbit/s), their summary and the ratio to the baseline.</summary>
/// <param name="Setup">The setup.</param>
/// <param name="Path">The path.</param>
/// <param name="Samples">Every run's receiver-side Mbit/s, in the order measured.</param>
/// <param name="Summary">Their median, spread and mean.</param>
/// <param name="Ratio">Median over the baseline's median on the same path; null when the baseline has no samples or 0.</param>
public sealed record ThroughputCell(ThroughputSetup Setup, ThroughputPath Path, IReadOnlyList<double> Samples, Summary Summary, double? Ratio)
{
    /// <summary>"812 (790–830)": median and min–max spread, Mbit/s.</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{Summary.Median:F0} ({Summary.Spread("F0")})");

    /// <summary>"0.93×", or "—" without a baseline.</summary>
    public string RatioText => Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) + "×" : "—";
}

/// <summary>
/// Figure 4's samples by setup and path, and what the report shows of them: the cells (median, spread, ratio to the
/// baseline of the same path), the table and the JSON data.
/// </summary>
public sealed class ThroughputResults
{
    private readonly Dictionary<(string Setup, string Path), List<double>> _samples = [];

    /// <summary>Starts empty for <paramref name="setups"/> × <paramref name="paths"/>.</summary>
    public ThroughputResults(IReadOnlyList<ThroughputSetup> setups, IReadOnlyList<ThroughputPath> paths)
    {
        Setups = setups;
        Paths = paths;
    }

    /// <summary>The setups, in table order (the first is the baseline ratios are taken to).</summary>
    public IReadOnlyList<ThroughputSetup> Setups { get; }

    /// <summary>The paths, in table order.</summary>
    public IReadOnlyList<ThroughputPath> Paths { get; }

    /// <summary>Records one run's receiver-side Mbit/s.</summary>
    public void Add(ThroughputSetup setup, ThroughputPath path, double mbps)
    {
        if (!double.IsFinite(mbps) || mbps < 0)
            throw new ArgumentOutOfRangeException(nameof(mbps), mbps, $"{setup.Id}/{path.Id}: throughput must be a finite non-negative Mbit/s");
        var key = (setup.Id, path.Id);
        if (!_samples.TryGetValue(key, out var list))
            _samples[key] = list = [];
        list.Add(mbps);
    }

    /// <summary>The samples of one cell (empty when none was recorded).</summary>
    public IReadOnlyList<double> Samples(ThroughputSetup setup, ThroughputPath path) =>
        _samples.TryGetValue((setup.Id, path.Id), out var list) ? list : [];

    /// <summary>Every cell with samples, path by path, setups in order.</summary>
    public IReadOnlyList<ThroughputCell> Cells()
    {
        var baseline = Setups[0];
        var cells = new List<ThroughputCell>();
        foreach (var path in Paths)
        {
            var baseSamples = Samples(baseline, path);
            double? baseMedian = baseSamples.Count > 0 ? Statistics.Summarize(baseSamples).Median : null;
            foreach (var setup in Setups)
            {
                var samples = Samples(setup, path);
                if (samples.Count == 0)
                    continue;
                var summary = Statistics.Summarize(samples);
                double? ratio = baseMedian is > 0 ? summary.Median / baseMedian.Value : null;
                cells.Add(new ThroughputCell(setup, path, [.. samples], summary, ratio));
            }
        }
        return cells;
    }

    /// <summary>One row per path: each setup's "median (spread)" Mbit/s, and each FedNet setup's ratio to the baseline.</summary>
    public ReportTable Table(string caption)
    {
        var baseline = Setups[0];
        var columns = new List<string> { "Path", $"{baseline.Label}, Mbit/s median (min–max)" };
        foreach (var s in Setups.Skip(1))
        {
            columns.Add($"{s.Label}, Mbit/s median (min–max)");
            columns.Add($"{s.Label} / baseline");
        }
        var cells = Cells();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var path in Paths)
        {
            var row = new List<string> { path.Label };
            foreach (var setup in Setups)
            {
                var cell = cells.FirstOrDefault(c => c.Setup == setup && c.Path == path);
                row.Add(cell?.Text ?? "—");
                if (setup != baseline)
                    row.Add(cell?.RatioText ?? "—");
            }
            rows.Add(row);
        }
        return new ReportTable(caption, columns, rows);
    }

    /// <summary>
    /// The raw data: <c>setups</c>, <c>paths</c> (ids and labels) and <c>cells[]</c>, each with <c>setup</c>, <c>path</c>,
    /// <c>samplesMbps</c> (every run), <c>medianMbps</c>, <c>minMbps</c>, <c>maxMbps</c>, <c>meanMbps</c> and
    /// <c>ratioToBaseline</c> (1 for the baseline itself; null without a baseline).
    /// </summary>
    public JsonObject ToJson()
    {
        var cells = new JsonArray();
        foreach (var c in Cells())
        {
            cells.Add(new JsonObject
            {
                ["setup"] = c.Setup.Id,
                ["path"] = c.Path.Id,
                ["samplesMbps"] = new JsonArray([.. c.Samples.Select(s => (JsonNode?)JsonValue.Create(Math.Round(s, 3)))]),
                ["medianMbps"] = Math.Round(c.Summary.Median, 3),
                ["minMbps"] = Math.Round(c.Summary.Min, 3),
                ["maxMbps"] = Math.Round(c.Summary.Max, 3),
                ["meanMbps"] = Math.Round(c.Summary.Mean, 3),
                ["ratioToBaseline"] = c.Ratio is { } r ? Math.Round(r, 4) : null,
            });
        }
        return new JsonObject
        {
            ["setups"] = new JsonArray([.. Setups.Select(s => (JsonNode?)new JsonObject { ["id"] = s.Id, ["label"] = s.Label })]),
            ["paths"] = new JsonArray([.. Paths.Select(p => (JsonNode?)new JsonObject { ["id"] = p.Id, ["label"] = p.Label })]),
            ["cells"] = cells,
        };
    }
}
