namespace FedNet.Evaluation;

/// <summary>
/// One measurement of <c>fednet bench paper</c> (a figure of the paper, or one beyond it). An experiment brings up what
/// it needs (labs, peers), measures FedNet and its baseline in the same run, tears everything down even when it fails,
/// and returns its results; it never writes files itself (<see cref="ReportWriter"/> does).
/// </summary>
public interface IExperiment
{
    /// <summary>Short stable id, used by <c>--only</c> and as the results' file name stem (e.g. <c>fig4-throughput</c>).</summary>
    string Id { get; }

    /// <summary>Where it runs in <c>bench paper</c>: 40/50/60 for figures 4/5/6, 100+ for the experiments beyond the paper.</summary>
    int Order { get; }

    /// <summary>Human title (e.g. "Figure 4 — throughput").</summary>
    string Title { get; }

    /// <summary>Runs the experiment: <see cref="ExperimentContext.Quick"/> shrinks it to a smoke run of well under a minute.</summary>
    Task<ExperimentReport> RunAsync(ExperimentContext context, CancellationToken cancellationToken = default);
}
