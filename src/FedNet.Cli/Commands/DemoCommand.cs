using System.CommandLine;
using System.Diagnostics;
using System.Text;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Model;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet demo</c>: brings the paper federation's lab up, applies examples/elearning.yaml and the two-tenant example
/// with the controller, prints a reachability matrix (first ping of every VM pair, with its path type) and leaves
/// <c>fednet serve</c> running in the background; <c>fednet demo --down</c> stops it and removes the lab.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var down = new Option<bool>("--down") { Description = "Stop the demo's controller and remove its lab" };
        var id = new Option<string>("--id") { Description = "Lab id", DefaultValueFactory = _ => "lab" };
        var noServe = new Option<bool>("--no-serve") { Description = "Do not leave the controller running in the background" };
        var command = new Command("demo", "Bring up the paper federation, apply the e-learning and two-tenant services, show who reaches whom.")
        {
            down, id, noServe,
        };
        command.SetAction(async (pr, ct) =>
        {
            var settings = new DemoSettings(pr.GetValue(id)!, LabOptions.DefaultRoot, !pr.GetValue(noServe));
            try
            {
                if (pr.GetValue(down))
                    return await DownAsync(settings, Console.Out, ct).ConfigureAwait(false);
                var result = await ExecuteAsync(settings, Console.Out, ct).ConfigureAwait(false);
                return result.AllAsExpected ? ExitCodes.Ok : ExitCodes.CheckFailed;
            }
            catch (DescriptionException e)
            {
                foreach (var d in e.Errors)
                    Console.Error.WriteLine(d.ToString());
                return ExitCodes.DataError;
            }
            catch (FedNetException e)
            {
                Console.Error.WriteLine($"fednet demo: {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return command;
    }

    /// <summary>Which lab the demo uses and whether it leaves a controller running.</summary>
    public sealed record DemoSettings(string LabId, string LabRoot, bool StartServer)
    {
        /// <summary>The lab's options.</summary>
        public LabOptions LabOptions => new() { Id = LabId, Root = LabRoot };
    }

    /// <summary>What the demo found.</summary>
    public sealed record DemoResult(IReadOnlyList<PairResult> Pairs, ReconcileReport Report, TimeSpan Elapsed)
    {
        /// <summary>True when every same-network pair reached and no other pair did.</summary>
        public bool AllAsExpected => Pairs.All(p => p.AsExpected);
    }

    /// <summary>Runs the demo (lab up, apply, matrix); the lab stays up.</summary>
    public static async Task<DemoResult> ExecuteAsync(DemoSettings settings, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        var progress = new ServeCommand.Progress(output);
        var examples = Checkout.Examples("demo");
        var federation = Path.Combine(examples, "federation-paper.yaml");
        string[] services = [Path.Combine(examples, "elearning.yaml"), Path.Combine(examples, "two-tenants-same-subnet.yaml")];
        var set = LabDeployment.Load(federation, services);
        progress.Report($"validated {Relative(federation)}, {string.Join(", ", services.Select(Relative))}");

        var lab = new FederationLab(settings.LabOptions);
        progress.Report($"bringing lab '{settings.LabId}' up (a namespace with its own Open vSwitch per host and gateway)");
        await lab.UpAsync(LabTopology.Load(federation), new Indented(progress), cancellationToken).ConfigureAwait(false);

        ReconcileReport report;
        Control.PairResult[] pairs;
        await using (var controller = new FedNetController(NodeEndpoint.FromLab(lab.ReadState())))
        {
            var (plan, r) = await LabDeployment.DeployAsync(lab, set, controller, progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            report = r;
            var again = await controller.ReconcileAsync(cancellationToken).ConfigureAwait(false);
            progress.Report($"second reconcile: {again.FlowMods} flow-mods, {again.FlowsInSync} flows verified in sync ({again.Elapsed.TotalMilliseconds:0} ms)");
            var vifs = VifPlacement.All(plan);
            progress.Report($"pinging every ordered pair of the {vifs.Count} VM endpoints once (no warm-up)");
            pairs = [.. await Reachability.ProbeAsync(plan, lab.ReadState(), vifs, cancellationToken: cancellationToken).ConfigureAwait(false)];
            WriteMatrix(output, vifs, pairs);
        }

        if (settings.StartServer)
        {
            var pid = await StartServerAsync(settings, federation, services, cancellationToken).ConfigureAwait(false);
            progress.Report($"fednet serve is running in the background (pid {pid}, log {Path.Combine(settings.LabOptions.Directory, "serve.log")}): " +
                "ARP proxy, audit every 10 s");
        }
        var result = new DemoResult(pairs, report, clock.Elapsed);
        var idOption = settings.LabId == "lab" ? "" : $" --id {settings.LabId}";
        output.WriteLine();
        output.WriteLine(result.AllAsExpected
            ? $"All {pairs.Count(p => p.SameNetwork)} same-network pairs reached on their first ping; none of the {pairs.Count(p => !p.SameNetwork)} " +
              $"cross-network pairs did. ({clock.Elapsed.TotalSeconds:0.0} s)"
            : $"UNEXPECTED: {pairs.Count(p => !p.AsExpected)} pair(s) differ from what isolation requires. ({clock.Elapsed.TotalSeconds:0.0} s)");
        var state = lab.ReadState();
        var kuasGw = state.Node("kuas-gw")!;
        output.WriteLine();
        output.WriteLine("Poke at it:");
        output.WriteLine($"  ./fednet lab exec{idOption} school.school-db -- ping -c 3 10.0.2.10      # ncku -> kuas over the VPLS");
        output.WriteLine($"  ./fednet lab exec{idOption} school.app-server.back -- ping -c 3 10.0.2.20 # ntust -> kuas -> ncku (GRE, then VPLS)");
        output.WriteLine($"  ./fednet lab exec{idOption} alpha.web -- ping -c 3 10.0.1.20            # reaches alpha.db, never beta.db");
        output.WriteLine($"  ./fednet openflow dump-flows {kuasGw.ManagementTarget("br-gw")}");
        output.WriteLine($"  ./fednet lab status{idOption}");
        output.WriteLine($"Stop it: ./fednet demo --down{idOption}");
        return result;
    }

    /// <summary>Stops the background controller (by its PID file) and removes the lab.</summary>
    public static async Task<int> DownAsync(DemoSettings settings, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        // The lab ends every process named by a PID file in its directory (the controller's included).
        var lab = new FederationLab(settings.LabOptions);
        await lab.DownAsync(new Indented(new ServeCommand.Progress(output)), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"demo lab '{settings.LabId}' is down");
        return ExitCodes.Ok;
    }

    private static void WriteMatrix(TextWriter output, IReadOnlyList<VifPlacement> vifs, IReadOnlyList<PairResult> pairs)
    {
        var byPair = pairs.ToDictionary(p => (p.From.Name, p.To.Name));
        var width = vifs.Max(v => v.Name.Length) + 5;
        var s = new StringBuilder();
        s.AppendLine();
        s.Append(' ', width);
        for (var j = 0; j < vifs.Count; j++)
            s.Append($"{j + 1,4}");
        s.AppendLine();
        for (var i = 0; i < vifs.Count; i++)
        {
            s.Append($"{i + 1,3} {vifs[i].Name}".PadRight(width));
            for (var j = 0; j < vifs.Count; j++)
            {
                if (i == j)
                {
                    s.Append("   ·");
                    continue;
                }
                var p = byPair[(vifs[i].Name, vifs[j].Name)];
                s.Append("  ").Append(p.Reached ? '✓' : '✗').Append(p.SameNetwork ? Letter(p.Path) : ' ');
            }
            s.Append("   ").Append(vifs[i].Network).Append(" @ ").Append(vifs[i].Host).Append(' ').Append(vifs[i].IpText);
            s.AppendLine();
        }
        s.AppendLine();
        s.AppendLine("Row pings column, first ping only. Same network: l local, L LAN, V VPLS, G GRE, X VXLAN, M multi-hop (ncku<->ntust via kuas);");
        s.AppendLine("no letter: different networks, which must not reach (✗). Same-network pairs:");
        foreach (var p in pairs.Where(p => p.SameNetwork).OrderBy(p => p.From.Network).ThenBy(p => p.From.Name).ThenBy(p => p.To.Name))
            s.AppendLine($"  {(p.Reached ? '✓' : '✗')} {p.From.Name} -> {p.To.Name} ({p.To.IpText}): {Word(p.Path)}");
        output.Write(s.ToString());
    }

    private static char Letter(PathKind path) => path switch
    {
        PathKind.Local => 'l',
        PathKind.Lan => 'L',
        PathKind.Vpls => 'V',
        PathKind.Gre => 'G',
        PathKind.Vxlan => 'X',
        PathKind.MultiHop => 'M',
        _ => '?',
    };

    private static string Word(PathKind path) => path switch
    {
        PathKind.Local => "local (same host)",
        PathKind.Lan => "LAN (private VLAN on the site segment)",
        PathKind.Vpls => "VPLS (private -> public VLAN 2782 -> private)",
        PathKind.Gre => "GRE tunnel",
        PathKind.Vxlan => "VXLAN tunnel",
        PathKind.MultiHop => "multi-hop (GRE + VPLS through kuas-gw)",
        _ => "no link",
    };

    private static async Task<int> StartServerAsync(DemoSettings settings, string federation, string[] services, CancellationToken cancellationToken)
    {
        var dir = settings.LabOptions.Directory;
        var pidFile = Path.Combine(dir, "serve.pid");
        var log = Path.Combine(dir, "serve.log");
        string[] fednet = FednetCommand();
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in (string[])["-f", "sh", "-c", "exec \"$@\" </dev/null >>\"$FEDNET_SERVE_LOG\" 2>&1", "sh", .. fednet, "serve",
            "--federation", federation, "-f", .. services, "--lab", settings.LabId, "--root", settings.LabRoot, "--pid-file", pidFile])
            psi.ArgumentList.Add(a);
        psi.Environment["FEDNET_SERVE_LOG"] = log;
        using (var p = Process.Start(psi) ?? throw new ControlException("cannot start setsid (install util-linux)"))
            await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (File.Exists(log) && (await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false)).Contains("serving lab", StringComparison.Ordinal)
                && File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile, cancellationToken).ConfigureAwait(false)).Trim(), out var pid))
                return pid;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        throw new ControlException($"fednet serve did not start within 30 s; see {log}");
    }

    private static string[] FednetCommand() =>
        FednetExecutable.Command() ?? throw new ControlException("cannot find fednet.dll to run fednet serve");

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);

    private sealed class Indented(IProgress<string> inner) : IProgress<string>
    {
        public void Report(string value) => inner.Report("  lab: " + value[(value.IndexOf(']', StringComparison.Ordinal) + 1)..].TrimStart());
    }
}
