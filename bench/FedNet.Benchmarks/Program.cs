using System.Reflection;
using BenchmarkDotNet.Running;

namespace FedNet.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/FedNet.Benchmarks -- [scenario NAME | list | BenchmarkDotNet args]</c>.
/// Micro-benchmarks are BenchmarkDotNet classes; end-to-end runs against real Open vSwitch are <see cref="IScenario"/>s,
/// each measuring FedNet and its baseline in the same invocation and printing the ratio.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var scenarios = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IScenario).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IScenario)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        if (args is ["list"])
        {
            foreach (var s in scenarios)
                Console.WriteLine($"scenario {s.Name,-28} {s.Description}");
            foreach (var b in typeof(Program).Assembly.GetTypes().Where(IsBenchmarkClass))
                Console.WriteLine($"benchmark {b.Name}");
            return 0;
        }
        if (args is ["scenario", var name, .. var rest])
        {
            var scenario = scenarios.FirstOrDefault(s => s.Name == name);
            if (scenario is null)
            {
                Console.Error.WriteLine($"no scenario '{name}'; `list` shows them");
                return 64;
            }
            return await scenario.RunAsync(rest);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static bool IsBenchmarkClass(Type t) =>
        t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkDotNet.Attributes.BenchmarkAttribute>() is not null);
}

/// <summary>An end-to-end benchmark: FedNet and a baseline side by side in one run, reporting their ratio.</summary>
public interface IScenario
{
    /// <summary>The name given after <c>scenario</c> on the command line.</summary>
    string Name { get; }

    /// <summary>One line for <c>list</c>.</summary>
    string Description { get; }

    /// <summary>Runs the scenario, prints its results, returns the exit code.</summary>
    Task<int> RunAsync(string[] args);
}
