namespace FedNet.Evaluation;

/// <summary>
/// <c>fednet bench paper</c>: runs the selected experiments one after another, writing each one's results as soon as it
/// finishes (a later failure keeps the earlier results). An experiment that throws is reported and the others still run.
/// </summary>
public static class PaperBenchmark
{
    /// <summary>Every experiment, in the order they run (the paper's figures first).</summary>
    public static IReadOnlyList<IExperiment> All { get; } = Experiments.Create();

    /// <summary>The experiments whose ids are in <paramref name="only"/> (all when empty); unknown ids are an error naming them.</summary>
    public static IReadOnlyList<IExperiment> Select(IReadOnlyCollection<string> only)
    {
        if (only.Count == 0)
            return All;
        var unknown = only.Where(id => !All.Any(e => e.Id == id)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"unknown experiment{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                $"known: {string.Join(", ", All.Select(e => e.Id))}");
        }
        return [.. All.Where(e => only.Contains(e.Id))];
    }

    /// <summary>Runs <paramref name="experiments"/>, writes results into <paramref name="outputDirectory"/>; returns one outcome per experiment.</summary>
    public static async Task<IReadOnlyList<ExperimentOutcome>> RunAsync(
        IReadOnlyList<IExperiment> experiments, ExperimentContext context, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var environment = EnvironmentInfo.Capture(context.RepositoryRoot);
        var outcomes = new List<ExperimentOutcome>();
        for (var i = 0; i < experiments.Count; i++)
        {
            var e = experiments[i];
            context.Progress.Report($"[{i + 1}/{experiments.Count}] {e.Title} ({e.Id}){(context.Quick ? ", quick" : "")}");
            var started = DateTime.UtcNow;
            var startedIn = environment.WithCurrentLoad();
            try
            {
                var report = await e.RunAsync(context, cancellationToken).ConfigureAwait(false);
                if (report.Id != e.Id)
                    throw new InvalidOperationException($"experiment '{e.Id}' returned a report with id '{report.Id}'");
                var files = ReportWriter.Write(outputDirectory, report, startedIn, context.Quick);
                outcomes.Add(new ExperimentOutcome(e.Id, DateTime.UtcNow - started, files, null));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.Progress.Report($"{e.Id}: FAILED: {ex.Message}");
                outcomes.Add(new ExperimentOutcome(e.Id, DateTime.UtcNow - started, [], ex));
            }
        }
        return outcomes;
    }
}

/// <summary>How one experiment went: its duration, the files it wrote, or the error that stopped it.</summary>
public sealed record ExperimentOutcome(string Id, TimeSpan Elapsed, IReadOnlyList<string> Files, Exception? Error);
