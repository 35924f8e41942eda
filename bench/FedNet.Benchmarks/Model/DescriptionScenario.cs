using System.Diagnostics;
using FedNet.Model;
using YamlDotNet.RepresentationModel;

namespace FedNet.Benchmarks.Model;

/// <summary>
/// <c>scenario descriptions [NETWORKS]</c>: reads and validates NETWORKS (default 10,000) networks × 10 VMs over 8
/// sites as YAML text. Baseline: YamlDotNet loading the same text into its node tree with no checks at all, so the
/// ratio is what FedNet's line:col walk and validation cost on top of parsing.
/// </summary>
public sealed class DescriptionScenario : IScenario
{
    public string Name => "descriptions";

    public string Description => "read + validate 10,000 networks x 10 VMs (YAML) vs YamlDotNet parsing alone";

    public Task<int> RunAsync(string[] args)
    {
        var networks = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var federationText = DescriptionWorkload.Federation();
        var servicesText = DescriptionWorkload.Services(networks);
        Console.WriteLine($"{networks} networks, {networks * 10} VMs, {servicesText.Length / 1024} KiB of YAML");

        // Warm up both paths once, then take the best of three.
        var baseline = Best(() => new YamlStream().Load(new StringReader(servicesText)));
        Federation? federation = null;
        ValueList<Service>? services = null;
        var read = Best(() =>
        {
            federation = DescriptionReader.ReadFederation(federationText, "bench-federation.yaml").GetValueOrThrow();
            services = DescriptionReader.ReadServices(servicesText, "bench-services.yaml").GetValueOrThrow();
        });
        ValidationResult? result = null;
        var validate = Best(() => result = Validator.Validate(federation!, services!));
        if (!result!.IsValid)
        {
            Console.Error.WriteLine($"the generated description is invalid: {result.Errors[0]}");
            return Task.FromResult(1);
        }

        Console.WriteLine($"baseline  YamlDotNet node tree only  {baseline}");
        Console.WriteLine($"fednet    read (parse + walk)        {read}");
        Console.WriteLine($"fednet    validate                   {validate}");
        Console.WriteLine($"ratio     (read + validate) / baseline  wall {(read.Wall + validate.Wall) / baseline.Wall:F2}, CPU {(read.Cpu + validate.Cpu) / baseline.Cpu:F2}");
        Console.WriteLine($"peak working set                     {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024),8} MiB");
        return Task.FromResult(0);
    }

    /// <summary>Best of three after a warm-up, as wall-clock and process CPU time (the steadier figure on a busy machine).</summary>
    private static Measure Best(Action action)
    {
        action();
        var best = new Measure(TimeSpan.MaxValue, TimeSpan.MaxValue);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < 3; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            var wall = watch.Elapsed;
            process.Refresh();
            best = new Measure(wall < best.Wall ? wall : best.Wall, process.TotalProcessorTime - cpu < best.Cpu ? process.TotalProcessorTime - cpu : best.Cpu);
        }
        return best;
    }

    private readonly record struct Measure(TimeSpan Wall, TimeSpan Cpu)
    {
        public override string ToString() => $"{Wall.TotalMilliseconds,8:F0} ms wall {Cpu.TotalMilliseconds,8:F0} ms CPU";
    }
}
