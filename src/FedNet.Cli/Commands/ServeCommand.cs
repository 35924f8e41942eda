using System.CommandLine;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Model;
using Microsoft.Extensions.Logging;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet serve --federation F -f SERVICE... [--lab ID]</c>: loads and validates, plans, binds the VMs through the
/// lab's compute driver, reconciles every switch, then audits periodically (repairing drift) until Ctrl-C.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var federation = new Option<string>("--federation") { Description = "The federation description (YAML)", Required = true };
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Service description files (YAML; a file may hold several services)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var lab = new Option<string>("--lab") { Description = "Id of the running lab whose switches to program", DefaultValueFactory = _ => "lab" };
        var root = new Option<string>("--root") { Description = "Parent of the lab directory", DefaultValueFactory = _ => LabOptions.DefaultRoot };
        var audit = new Option<double>("--audit-interval")
        {
            Description = "Seconds between audits that repair drift",
            DefaultValueFactory = _ => 10,
        };
        var pidFile = new Option<string?>("--pid-file") { Description = "Write this process's id to the file (removed on exit)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every switch reconciled and every ARP answered" };
        var command = new Command("serve", "Run the controller: plan, bind VMs, reconcile every switch, then audit and repair drift until Ctrl-C.")
        {
            federation, files, lab, root, audit, pidFile, verbose,
        };
        command.SetAction((pr, ct) => RunAsync(new ServeSettings(pr.GetValue(federation)!, pr.GetValue(files) ?? [], pr.GetValue(lab)!,
            pr.GetValue(root)!, TimeSpan.FromSeconds(Math.Max(0.5, pr.GetValue(audit))), pr.GetValue(pidFile), pr.GetValue(verbose)), Console.Out,
            Console.Error, ct));
        return command;
    }

    /// <summary>What <c>serve</c> was asked to do.</summary>
    public sealed record ServeSettings(string Federation, IReadOnlyList<string> Files, string LabId, string LabRoot, TimeSpan AuditInterval,
        string? PidFile, bool Verbose);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; returns an exit code.</summary>
    public static async Task<int> RunAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var missing = settings.Files.Prepend(settings.Federation).Where(p => !File.Exists(p)).ToList();
        foreach (var path in missing)
            error.WriteLine($"fednet serve: {path}: no such file");
        if (missing.Count > 0)
            return ExitCodes.NoInput;
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(settings.Verbose ? LogLevel.Debug : LogLevel.Warning));
        var logger = loggerFactory.CreateLogger("fednet.serve");
        var progress = new Progress(output);
        try
        {
            if (settings.PidFile is { } pid)
                await File.WriteAllTextAsync(pid, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken)
                    .ConfigureAwait(false);
            var set = LabDeployment.Load(settings.Federation, settings.Files);
            progress.Report($"loaded {settings.Federation} and {set.Services.Count} service(s)");
            var fedLab = new FederationLab(new LabOptions { Id = settings.LabId, Root = settings.LabRoot });
            var state = fedLab.ReadState();
            await using var controller = new FedNetController(NodeEndpoint.FromLab(state), logger: logger);
            var (plan, report) = await LabDeployment.DeployAsync(fedLab, set, controller, progress, logger, cancellationToken).ConfigureAwait(false);
            foreach (var d in plan.Diagnostics)
                progress.Report(d.ToString());
            progress.Report($"serving lab '{settings.LabId}': auditing every {settings.AuditInterval.TotalSeconds:0.#} s; Ctrl-C to stop");
            await controller.AuditAsync(settings.AuditInterval, r =>
                progress.Report($"audit repaired drift: {r.FlowMods} flow-mods, {r.MeterMods} meter-mods, {r.OvsdbWrites} OVSDB writes" +
                    string.Concat(r.Switches.Where(s => !s.Succeeded || s.FlowMods + s.MeterMods + s.OvsdbWrites > 0).Select(s => "\n  " + s))),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            progress.Report("stopped");
            return report.Succeeded ? ExitCodes.Ok : ExitCodes.Unavailable;
        }
        catch (DescriptionException e)
        {
            foreach (var d in e.Errors)
                error.WriteLine(d.ToString());
            error.WriteLine($"{e.Errors.Count} error{(e.Errors.Count == 1 ? "" : "s")}");
            return ExitCodes.DataError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Report("stopped");
            return ExitCodes.Ok;
        }
        catch (FedNetException e)
        {
            error.WriteLine($"fednet serve: {e.Message}");
            return ExitCodes.Unavailable;
        }
        finally
        {
            if (settings.PidFile is { } pid)
                File.Delete(pid);
        }
    }

    /// <summary>Progress lines with the time since start.</summary>
    internal sealed class Progress(TextWriter output) : IProgress<string>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Lock _lock = new();

        public void Report(string value)
        {
            lock (_lock)
                output.WriteLine($"[{_clock.Elapsed.TotalSeconds,5:0.0}s] {value}");
        }
    }
}
