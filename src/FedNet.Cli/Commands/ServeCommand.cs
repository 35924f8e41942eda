using System.CommandLine;
using System.Text.RegularExpressions;
using FedNet.Api;
using FedNet.Api.Contracts;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Store;
using Microsoft.Extensions.Logging;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet serve</c>. File mode (<c>--federation F -f SERVICE... [--lab ID]</c>, neither <c>--data-dir</c> nor
/// <c>--listen</c>): loads and validates, plans, binds the VMs through the lab's compute driver, reconciles every switch,
/// then audits periodically (repairing drift) until Ctrl-C. Service mode (no <c>--federation</c>, or <c>--data-dir</c> /
/// <c>--listen</c> given): the REST API over the store (docs/api.md); <c>--federation</c>/<c>-f</c> then seed an empty store.
/// </summary>
public static partial class ServeCommand
{
    public static Command Create()
    {
        var federation = new Option<string?>("--federation")
        {
            Description = "The federation description (YAML); in service mode it seeds an empty store",
        };
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Service description files (YAML; a file may hold several services)",
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
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = $"Service mode: the store's directory (default $FEDNET_DATA or /var/lib/fednet)",
        };
        var listen = new Option<string?>("--listen") { Description = $"Service mode: the URL to listen on (default {ApiJson.DefaultServer})" };
        var noLab = new Option<bool>("--no-lab") { Description = "Service mode: program no switches (each is reported unreachable)" };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "Service mode: 'text' (one readable line per event) or 'json' (one JSON object per line, for log collectors)",
            DefaultValueFactory = _ => "text",
        };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var command = new Command("serve",
            "Run the controller. With --federation and -f only: plan, bind VMs, reconcile every switch, then audit and repair drift until " +
            "Ctrl-C. Otherwise (or with --data-dir/--listen): the REST API over the store, reconciling the switches to it.")
        {
            federation, files, lab, root, audit, pidFile, verbose, dataDir, listen, noLab, logFormat,
        };
        command.SetAction((pr, ct) => RunAsync(new ServeSettings(pr.GetValue(federation), pr.GetValue(files) ?? [], pr.GetValue(lab)!,
            pr.GetValue(root)!, TimeSpan.FromSeconds(Math.Max(0.5, pr.GetValue(audit))), pr.GetValue(pidFile), pr.GetValue(verbose),
            pr.GetValue(dataDir), pr.GetValue(listen), pr.GetValue(noLab), pr.GetValue(logFormat) == "json"), Console.Out, Console.Error, ct));
        return command;
    }

    /// <summary>What <c>serve</c> was asked to do.</summary>
    /// <param name="Federation">The federation file (file mode; seeds an empty store in service mode).</param>
    /// <param name="Files">Service files.</param>
    /// <param name="LabId">The lab whose switches to program.</param>
    /// <param name="LabRoot">The lab's parent directory.</param>
    /// <param name="AuditInterval">Time between audits.</param>
    /// <param name="PidFile">Where to write the process id.</param>
    /// <param name="Verbose">Log more.</param>
    /// <param name="DataDirectory">Service mode: the store's directory.</param>
    /// <param name="Listen">Service mode: the URL to listen on.</param>
    /// <param name="NoLab">Service mode: program no switches.</param>
    /// <param name="JsonLogs">Service mode: log one JSON object per line.</param>
    public sealed record ServeSettings(string? Federation, IReadOnlyList<string> Files, string LabId, string LabRoot, TimeSpan AuditInterval,
        string? PidFile, bool Verbose, string? DataDirectory = null, string? Listen = null, bool NoLab = false, bool JsonLogs = false)
    {
        /// <summary>True for the REST API over the store; false for today's file mode.</summary>
        public bool ServiceMode => Federation is null || DataDirectory is not null || Listen is not null;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; returns an exit code.</summary>
    public static async Task<int> RunAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (settings.ServiceMode)
            return await RunServiceAsync(settings, output, error, cancellationToken).ConfigureAwait(false);
        var missing = settings.Files.Prepend(settings.Federation!).Where(p => !File.Exists(p)).ToList();
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
            var set = LabDeployment.Load(settings.Federation!, settings.Files);
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

    /// <summary>
    /// Service mode: opens the store, seeds it from <c>--federation</c>/<c>-f</c> when it is empty, serves the REST API and
    /// reconciles the switches (of the lab, unless <c>--no-lab</c> or no lab is up) to what the store says until cancelled.
    /// </summary>
    private static async Task<int> RunServiceAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var progress = new Progress(output);
        string? federationYaml = null;
        var serviceYamls = new List<string>();
        if (settings.Federation is { } federationPath)
        {
            var missing = settings.Files.Prepend(federationPath).Where(p => !File.Exists(p)).ToList();
            foreach (var path in missing)
                error.WriteLine($"fednet serve: {path}: no such file");
            if (missing.Count > 0)
                return ExitCodes.NoInput;
            try
            {
                _ = LabDeployment.Load(federationPath, settings.Files);
            }
            catch (DescriptionException e)
            {
                foreach (var d in e.Errors)
                    error.WriteLine(d.ToString());
                error.WriteLine($"{e.Errors.Count} error{(e.Errors.Count == 1 ? "" : "s")}");
                return ExitCodes.DataError;
            }
            federationYaml = await File.ReadAllTextAsync(federationPath, cancellationToken).ConfigureAwait(false);
            foreach (var file in settings.Files)
                serviceYamls.AddRange(SplitDocuments(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)));
        }
        else if (settings.Files.Count > 0)
        {
            error.WriteLine("fednet serve: -f needs --federation (they seed an empty store together)");
            return ExitCodes.Usage;
        }
        var options = new FedNetServerOptions
        {
            Listen = settings.Listen ?? ApiJson.DefaultServer,
            DataDirectory = settings.DataDirectory ?? SqliteFedNetStore.DefaultDataDirectory,
            Lab = settings.NoLab ? null : new LabOptions { Id = settings.LabId, Root = settings.LabRoot },
            AuditInterval = settings.AuditInterval,
            LogLevel = settings.Verbose ? LogLevel.Information : LogLevel.Warning,
            JsonLogs = settings.JsonLogs,
        };
        try
        {
            if (settings.PidFile is { } pid)
                await File.WriteAllTextAsync(pid, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken)
                    .ConfigureAwait(false);
            options.Validate();
            var server = await FedNetServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                if (federationYaml is not null)
                {
                    var seeded = await server.SeedAsync(federationYaml, serviceYamls, cancellationToken).ConfigureAwait(false);
                    progress.Report(seeded
                        ? $"seeded the store with {settings.Federation} and {serviceYamls.Count} service(s)"
                        : "the store already holds a federation: --federation and -f are ignored");
                }
                progress.Report($"listening on {server.Address} (data {options.DataDirectory}" +
                    (settings.NoLab ? ", no lab" : $", lab '{settings.LabId}'") + "); Ctrl-C to stop");
                await server.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            progress.Report("stopped");
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"fednet serve: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Report("stopped");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is FedNetException or IOException or UnauthorizedAccessException)
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

    /// <summary>The YAML documents of a file (split at <c>---</c> lines), without the empty ones; each becomes one stored service.</summary>
    internal static IReadOnlyList<string> SplitDocuments(string text) =>
        [.. DocumentSeparator().Split(text).Where(d => d.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))];

    [GeneratedRegex(@"^---[ \t]*(?:#.*)?\r?$\n?", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

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
