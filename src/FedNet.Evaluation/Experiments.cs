using System.Reflection;

namespace FedNet.Evaluation;

/// <summary>
/// Finds the experiments: every concrete <see cref="IExperiment"/> in this assembly with a parameterless constructor,
/// ordered by <see cref="IExperiment.Order"/> (the paper's figures first). Adding an experiment is adding its class.
/// </summary>
internal static class Experiments
{
    public static IReadOnlyList<IExperiment> Create() =>
    [
        .. typeof(Experiments).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IExperiment).IsAssignableFrom(t)
                && t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (IExperiment)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(e => e.Order).ThenBy(e => e.Id, StringComparer.Ordinal),
    ];
}
