using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FedNet.Evaluation;

/// <summary>
/// Writes an experiment's results into the results folder (docs/results/ by default): <c>&lt;id&gt;.md</c> (environment,
/// conditions, tables, plots, notes), <c>&lt;id&gt;-&lt;plot&gt;.png</c> and <c>&lt;id&gt;.json</c> (environment + data),
/// then regenerates <c>README.md</c>, the index of every result in the folder (so running one experiment keeps the others).
/// </summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="report"/> and refreshes the index; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string directory, ExperimentReport report, EnvironmentInfo environment, bool quick)
    {
        foreach (var t in report.Tables)
            t.Validate();
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var md = new StringBuilder();
        md.Append("# ").Append(report.Title).Append("\n\n");
        if (quick)
            md.Append("> Quick (smoke) run: sizes and durations cut down; not a measurement to quote.\n\n");
        foreach (var line in environment.ToMarkdown())
            md.Append(line).Append('\n');
        md.Append("- Reproduce: `./fednet bench paper --only ").Append(report.Id).Append(quick ? " --quick`\n" : "`\n");
        if (report.Conditions.Count > 0)
        {
            md.Append("\n## Conditions\n\n");
            foreach (var c in report.Conditions)
                md.Append("- ").Append(c).Append('\n');
        }
        foreach (var table in report.Tables)
        {
            md.Append("\n## ").Append(table.Caption).Append("\n\n");
            AppendTable(md, table);
        }
        foreach (var plot in report.Plots)
        {
            var file = $"{report.Id}-{plot.Name}.png";
            var path = Path.Combine(directory, file);
            var p = new ScottPlot.Plot();
            plot.Draw(p);
            p.SavePng(path, plot.Width, plot.Height);
            written.Add(path);
            md.Append("\n## ").Append(plot.Caption).Append("\n\n![").Append(plot.Caption).Append("](").Append(file).Append(")\n");
        }
        if (report.Notes.Count > 0)
        {
            md.Append("\n## Notes\n\n");
            foreach (var n in report.Notes)
                md.Append("- ").Append(n).Append('\n');
        }
        var mdPath = Path.Combine(directory, report.Id + ".md");
        File.WriteAllText(mdPath, md.ToString());
        written.Add(mdPath);

        var json = new JsonObject
        {
            ["id"] = report.Id,
            ["title"] = report.Title,
            ["quick"] = quick,
            ["environment"] = environment.ToJson(),
            ["conditions"] = new JsonArray([.. report.Conditions.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["data"] = report.Data.DeepClone(),
        };
        var jsonPath = Path.Combine(directory, report.Id + ".json");
        File.WriteAllText(jsonPath, json.ToJsonString(Indented) + "\n");
        written.Add(jsonPath);
        written.Add(WriteIndex(directory));
        return written;
    }

    /// <summary>Regenerates README.md from every <c>*.json</c> result in <paramref name="directory"/>.</summary>
    public static string WriteIndex(string directory)
    {
        var md = new StringBuilder("# Evaluation results\n\n");
        md.Append("Produced by `./fednet bench paper` (see docs/evaluation.md for what they mean against the paper). ");
        md.Append("Each experiment can be rerun alone with `--only ID`.\n\n");
        md.Append("| Experiment | Measured | Mode | FedNet | Results |\n|---|---|---|---|---|\n");
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (JsonException)
            {
                continue;
            }
            if (node?["id"]?.GetValue<string>() is not { } id)
                continue;
            var title = node["title"]?.GetValue<string>() ?? id;
            var date = node["environment"]?["date"]?.GetValue<string>() is { } d
                ? DateTimeOffset.Parse(d, CultureInfo.InvariantCulture).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"
                : "?";
            var quick = node["quick"]?.GetValue<bool>() == true ? "quick" : "full";
            var commit = node["environment"]?["commit"]?.GetValue<string>() ?? "?";
            md.Append(CultureInfo.InvariantCulture, $"| {title} | {date} | {quick} | {commit} | [{id}.md]({id}.md) |\n");
        }
        var path = Path.Combine(directory, "README.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static void AppendTable(StringBuilder md, ReportTable table)
    {
        md.Append("| ").Append(string.Join(" | ", table.Columns.Select(Escape))).Append(" |\n");
        md.Append('|').Append(string.Concat(table.Columns.Select(_ => "---|"))).Append('\n');
        foreach (var row in table.Rows)
            md.Append("| ").Append(string.Join(" | ", row.Select(Escape))).Append(" |\n");
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
