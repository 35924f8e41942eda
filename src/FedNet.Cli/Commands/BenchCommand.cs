using System.CommandLine;
using System.Globalization;
using FedNet.Evaluation;
using ServicePartition = FedNet.Evaluation.ServicePartition;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet bench paper</c>: the paper's evaluation (figures 4–6) and the measurements beyond it, on the lab, written to
/// docs/results/ as Markdown tables, PNG plots and JSON; <c>fednet bench list</c> names the experiments.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Smoke run: every experiment cut down (the whole run under 5 minutes); results are marked quick" };
        var only = new Option<string[]>("--only")
        {
            Description = "Run only these experiments (ids from `fednet bench list`; repeat or separate with commas)",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--out") { Description = "Results folder (default: docs/results in the checkout)" };
        var repetitions = new Option<int?>("--repetitions") { Description = "Repetitions of each throughput measurement (default 5)" };
        var duration = new Option<int?>("--duration") { Description = "Seconds a sampled run lasts, e.g. figure 5's pings (default 60)" };
        var paper = new Command("paper", "Reproduce the paper's evaluation and the measurements beyond it; write tables and plots.")
        {
            quick, only, output, repetitions, duration,
        };
        paper.SetAction(async (pr, ct) =>
        {
            var ids = (pr.GetValue(only) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            if (pr.GetValue(repetitions) is < 1)
                return Fail("--repetitions must be at least 1");
            if (pr.GetValue(duration) is < 1)
                return Fail("--duration must be at least 1 second");
            IReadOnlyList<IExperiment> selected;
            try
            {
                selected = PaperBenchmark.Select(ids);
            }
            catch (ArgumentException e)
            {
                return Fail(e.Message);
            }
            if (selected.Count == 0)
                return Fail("no experiment is registered");
            string root;
            try
            {
                root = Checkout.Root("bench paper");
            }
            catch (FedNetException e)
            {
                Console.Error.WriteLine($"fednet bench paper: {e.Message}");
                return ExitCodes.NoInput;
            }
            var outDir = Path.GetFullPath(pr.GetValue(output) ?? Path.Combine(root, "docs", "results"));
            var progress = new ConsoleProgress();
            var context = new ExperimentContext(root, pr.GetValue(quick), progress, pr.GetValue(repetitions),
                pr.GetValue(duration) is { } s ? TimeSpan.FromSeconds(s) : null);
            var outcomes = await PaperBenchmark.RunAsync(selected, context, outDir, ct).ConfigureAwait(false);
            Console.WriteLine();
            foreach (var o in outcomes)
            {
                var took = o.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
                Console.WriteLine(o.Error is null
                    ? $"  ✓ {o.Id} ({took} s): {Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(outDir, o.Id + ".md"))}"
                    : $"  ✗ {o.Id} ({took} s): {o.Error.Message}");
            }
            return outcomes.All(o => o.Error is null) ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });

        var list = new Command("list", "List the experiments `bench paper` runs, in order.");
        list.SetAction(_ =>
        {
            foreach (var e in PaperBenchmark.All)
                Console.WriteLine($"{e.Id,-24} {e.Title}");
            return ExitCodes.Ok;
        });
        return new Command("bench", "Measure FedNet against the paper and its peers.") { paper, list, ServiceNode() };
    }

    /// <summary>
    /// Hidden <c>bench service-node</c>: one component of figure 6's e-learning service, started by the experiment inside a
    /// VM's namespace and ended by PID (FedNet.Evaluation.ServicePartition holds the logic).
    /// </summary>
    private static Command ServiceNode()
    {
        var role = new Option<string>("--role") { Description = "portal, auth, school-db, app-server or backend-db", Required = true };
        var listen = new Option<string>("--listen") { Description = "IP:PORT to serve HTTP on", Required = true };
        var upstream = new Option<string[]>("--upstream") { Description = "ROLE=URL of a component this one calls (repeat)" };
        var via = new Option<string[]>("--via") { Description = "ROLE=NAMESPACE: calls to ROLE leave from that namespace (another vif of the VM)" };
        var command = new Command("service-node", "Internal: one component of the figure 6 e-learning service.") { role, listen, upstream, via };
        command.Hidden = true;
        command.SetAction(async (pr, ct) =>
        {
            ServicePartition.ServiceNodeOptions options;
            try
            {
                options = ServicePartition.ServiceNodeOptions.Parse(pr.GetValue(role)!, pr.GetValue(listen)!, pr.GetValue(upstream) ?? [], pr.GetValue(via) ?? []);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"fednet bench service-node: {e.Message}");
                return ExitCodes.Usage;
            }
            await ServicePartition.ServiceNode.RunAsync(options, Console.Out, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"fednet bench paper: {message}");
        return ExitCodes.Usage;
    }

    /// <summary>Progress lines with the time since the start, so a long run shows it is alive.</summary>
    private sealed class ConsoleProgress : IProgress<string>
    {
        private readonly DateTime _start = DateTime.UtcNow;

        public void Report(string value) =>
            Console.WriteLine($"[{(DateTime.UtcNow - _start).TotalSeconds,6:F0} s] {value}");
    }
}
