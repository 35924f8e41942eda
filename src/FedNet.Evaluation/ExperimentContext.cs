using FedNet.Lab;

namespace FedNet.Evaluation;

/// <summary>What every experiment gets: the mode, sizes the operator may override, where the repository is, and progress.</summary>
/// <param name="RepositoryRoot">The checkout (examples/, bench/ are found from here).</param>
/// <param name="Quick">Smoke mode for CI: the whole <c>bench paper --quick</c> finishes in under 5 minutes.</param>
/// <param name="Progress">One line per step ("fig4: ovs driver, VPLS path, run 3/5: 812 Mbit/s").</param>
/// <param name="Repetitions">Repetitions of each throughput measurement (figure 4: 5); null means the experiment's default.</param>
/// <param name="Duration">How long a sampled run lasts (figure 5: 60 s); null means the experiment's default.</param>
/// <param name="LabIdPrefix">Prefix of the lab ids experiments create, at most 3 characters (tests pass a unique one).</param>
/// <param name="FednetCommand">How a lab starts <c>fednet</c> for its WAN forwarders; null finds the running CLI.</param>
public sealed record ExperimentContext(
    string RepositoryRoot,
    bool Quick,
    IProgress<string> Progress,
    int? Repetitions = null,
    TimeSpan? Duration = null,
    string LabIdPrefix = "ev",
    IReadOnlyList<string>? FednetCommand = null)
{
    /// <summary>
    /// Options of a lab for this run: id = <see cref="LabIdPrefix"/> + <paramref name="tag"/> (lab ids are at most 8
    /// lowercase letters or digits, so the tag is at most 5).
    /// </summary>
    public LabOptions Lab(string tag) => new() { Id = LabIdPrefix + tag, FednetCommand = FednetCommand };

    /// <summary>The examples/ folder of the checkout.</summary>
    public string Examples => Path.Combine(RepositoryRoot, "examples");

    /// <summary>Reports a step, prefixed with the experiment id.</summary>
    public void Report(IExperiment experiment, string message) => Progress.Report($"{experiment.Id}: {message}");
}
