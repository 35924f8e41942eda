using System.Globalization;
using System.Net.Http;
using System.Text.Json.Nodes;
using FedNet.Control;
using FedNet.Evaluation.ServicePartition.Internal;
using FedNet.Lab;

namespace FedNet.Evaluation.ServicePartition;

/// <summary>
/// Figure 6 (paper V.C): the e-learning service of figure 1 as real HTTP services in the lab's VMs, placed all in one
/// site ("original", examples/elearning-original.yaml) and partitioned over three sites ("federated",
/// examples/elearning.yaml), both deployed side by side by FedNet in one lab. Client VMs in the three sites run
/// sessions of Table 1's six interactions; each interaction's response time is measured per location and placement.
/// </summary>
internal sealed class ServicePartitionExperiment : IExperiment
{
    private const int Port = 8080;
    private const string UserNetwork = "front";

    /// <summary>The paper's three benchmark machines: IDC A (kuas, where the portal runs), IDC B (ncku, the home university), a third place.</summary>
    internal static readonly IReadOnlyList<(string Name, string Site)> Locations = [("visiting", "kuas"), ("home", "ncku"), ("neutral", "ntust")];

    public string Id => "fig6-service";

    public int Order => 60;

    public string Title => "Figure 6 — partitioned e-learning service";

    /// <summary>The network each component listens on (portal and auth face users on front; the tiers behind on back and data).</summary>
    internal static string ListenNetwork(ServiceRole role) => role switch
    {
        ServiceRole.Portal or ServiceRole.Auth => "front",
        ServiceRole.SchoolDb or ServiceRole.AppServer => "back",
        ServiceRole.BackendDb => "data",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    internal static string ClientVm(string location) => "client-" + location;

    public async Task<ExperimentReport> RunAsync(ExperimentContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sessions = context.Repetitions ?? (context.Quick ? 3 : 20);
        var warmup = context.Quick ? 1 : 2;
        var placements = new[]
        {
            new Placement("original", "elearning-original.yaml", "school-original"),
            new Placement("federated", "elearning.yaml", "school"),
        };
        var federationPath = Path.Combine(context.Examples, "federation-paper.yaml");
        var temp = Directory.CreateTempSubdirectory("fednet-fig6-").FullName;
        try
        {
            var servicePaths = new List<string>();
            foreach (var p in placements)
            {
                var path = Path.Combine(temp, p.File);
                await File.WriteAllTextAsync(path, ElearningDescriptions.WithClients(
                    await File.ReadAllTextAsync(Path.Combine(context.Examples, p.File), cancellationToken).ConfigureAwait(false),
                    Locations.Select(l => (ClientVm(l.Name), l.Site)), UserNetwork), cancellationToken).ConfigureAwait(false);
                servicePaths.Add(path);
            }
            context.Report(this, $"lab up (paper federation), both placements deployed by FedNet; {sessions} session(s) per location and placement");
            var labOptions = context.Lab("fig6");
            await using var lab = await LabSession.StartAsync(labOptions, federationPath, servicePaths, context.Progress, cancellationToken).ConfigureAwait(false);
            var deployments = placements.Select(p => Deploy(lab, p)).ToArray();
            var fednet = context.FednetCommand ?? FednetExecutable.Command()
                ?? throw new InvalidOperationException("cannot find fednet.dll to start the service nodes (build src/FedNet.Cli)");
            var (samples, pids) = await MeasureAsync(context, deployments, fednet, lab.State.Processes.Where(p => p.Role == "ovs-vswitchd").Select(p => p.Pid), sessions, warmup, cancellationToken).ConfigureAwait(false);
            return Report(lab, deployments, samples, pids, sessions, warmup, labOptions.Id);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private async Task<(List<Sample> Samples, List<int> Pids)> MeasureAsync(ExperimentContext context, Deployment[] deployments,
        IReadOnlyList<string> fednet, IEnumerable<int> labProcesses, int sessions, int warmup, CancellationToken cancellationToken)
    {
        var nodes = new List<NodeProcess>();
        var clients = new Dictionary<(string Placement, string Location), HttpClient>();
        var nice = SchedulingPriority.Current();
        try
        {
            foreach (var pid in labProcesses)
            {
                if (!SchedulingPriority.RealTimeAllowed || !await SchedulingPriority.SetRealTimeAsync(pid, cancellationToken).ConfigureAwait(false))
                    await SchedulingPriority.SetAsync([pid], SchedulingPriority.Boosted, cancellationToken).ConfigureAwait(false);
            }
            await SchedulingPriority.SetAsync([Environment.ProcessId], SchedulingPriority.Boosted, cancellationToken).ConfigureAwait(false);
            foreach (var d in deployments)
            {
                foreach (var role in ServiceRoles.All)
                {
                    var args = new List<string> { "--role", ServiceRoles.Name(role), "--listen", $"{d.Listen[role].IpText}:{Port}" };
                    foreach (var callee in ServiceNodeOptions.Needs(role))
                    {
                        args.AddRange(["--upstream", $"{ServiceRoles.Name(callee)}=http://{d.Listen[callee].IpText}:{Port}/"]);
                        if (d.Via(role, callee) is { } via)
                            args.AddRange(["--via", $"{ServiceRoles.Name(callee)}={via}"]);
                    }
                    nodes.Add(NodeProcess.Start($"{d.Placement.Name} {ServiceRoles.Name(role)}", d.Namespace(role), fednet, args));
                }
            }
            context.Report(this, $"started {nodes.Count} service nodes (PIDs {string.Join(", ", nodes.Select(n => n.Pid))}); waiting until they listen");
            await Task.WhenAll(nodes.Select(n => n.WaitReadyAsync(TimeSpan.FromSeconds(90), cancellationToken))).ConfigureAwait(false);
            foreach (var d in deployments)
            {
                foreach (var (location, _) in Locations)
                    clients[(d.Placement.Name, location)] = SessionGenerator.Client(new Uri($"http://{d.Listen[ServiceRole.Portal].IpText}:{Port}/"), d.ClientNamespaces[location]);
            }
            // Warm-up: connections, ARP, the JIT of every node; not recorded.
            for (var w = 0; w < warmup; w++)
            {
                foreach (var ((placement, location), client) in clients)
                {
                    var warm = await SessionGenerator.RunSessionAsync(client, $"user{900 + w}", cancellationToken).ConfigureAwait(false);
                    if (warm.FirstOrDefault(r => !r.Succeeded) is { } failed)
                    {
                        throw new InvalidOperationException($"warm-up session {placement}/{location}: {Interactions.Id(failed.Interaction)} answered {failed.Status}: {failed.Error}\n"
                            + string.Join("\n", nodes.Select(n => $"[{n.Name}] {n.Output()}")));
                    }
                }
            }
            context.Report(this, "warm-up done; measuring");
            var samples = new List<Sample>();
            for (var s = 0; s < sessions; s++)
            {
                for (var l = 0; l < Locations.Count; l++)
                {
                    var location = Locations[l].Name;
                    // Interleaved, alternating which placement goes first, so machine load hits both alike.
                    var order = (s + l) % 2 == 0 ? deployments : deployments.Reverse();
                    foreach (var d in order)
                    {
                        var results = await SessionGenerator.RunSessionAsync(clients[(d.Placement.Name, location)], $"user{(s * Locations.Count) + l}", cancellationToken)
                            .ConfigureAwait(false);
                        samples.AddRange(results.Select(r => new Sample(d.Placement.Name, location, s, r)));
                    }
                }
                var done = samples.Where(x => x.Session == s).ToList();
                context.Report(this, $"session {s + 1}/{sessions}: " + string.Join(", ", deployments.Select(d =>
                    $"{d.Placement.Name} {done.Where(x => x.Placement == d.Placement.Name).Sum(x => x.Result.Milliseconds) / Locations.Count:F0} ms/session")));
            }
            return (samples, [.. nodes.Select(n => n.Pid)]);
        }
        finally
        {
            foreach (var c in clients.Values)
                c.Dispose();
            foreach (var n in nodes)
                n.Dispose();
            await SchedulingPriority.SetAsync([Environment.ProcessId], nice, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static Deployment Deploy(LabSession lab, Placement placement)
    {
        VifPlacement Vif(string vm, string network) =>
            lab.Vifs.SingleOrDefault(v => v.Vif.Vm.Tenant == placement.Tenant && v.Vif.Vm.Vm == vm && v.Network.Network == network)
            ?? throw new InvalidOperationException($"{placement.File}: VM {vm} of tenant {placement.Tenant} has no interface on network {network}");
        var listen = ServiceRoles.All.ToDictionary(r => r, r => Vif(ServiceRoles.Name(r), ListenNetwork(r)));
        var vias = new Dictionary<(ServiceRole, ServiceRole), VifPlacement>();
        foreach (var caller in ServiceRoles.All)
        {
            foreach (var callee in ServiceNodeOptions.Needs(caller))
                vias[(caller, callee)] = Vif(ServiceRoles.Name(caller), ListenNetwork(callee));
        }
        var clients = Locations.ToDictionary(l => l.Name, l => Vif(ClientVm(l.Name), UserNetwork), StringComparer.Ordinal);
        return new Deployment(placement, listen, vias, clients, lab);
    }

    private ExperimentReport Report(LabSession lab, Deployment[] deployments, List<Sample> samples, List<int> pids,
        int sessions, int warmup, string labId)
    {
        var floor = new WanFloor(lab.State.Transits);
        var ids = Interactions.All.Select(Interactions.Id).ToArray();
        double Floor(Deployment d, string location, Interaction i, bool includeClient = true) =>
            (includeClient ? floor.RoundTripMs(d.ClientSites[location], d.Sites[ServiceRole.Portal]) : 0)
            + Interactions.Calls(i).Sum(c => floor.RoundTripMs(d.Sites[c.Caller], d.Sites[c.Callee]));
        var original = deployments.Single(d => d.Placement.Name == "original");
        var federated = deployments.Single(d => d.Placement.Name == "federated");
        var wanOnlyFederated = Interactions.All.Where(i => Floor(federated, "visiting", i, false) > 0 && Floor(original, "visiting", i, false) == 0).ToArray();

        var rows = new List<IReadOnlyList<string>>();
        var medians = new Dictionary<(string Placement, string Location, string Interaction), double>();
        foreach (var (location, _) in Locations)
        {
            foreach (var id in ids.Append("session"))
            {
                Summary Of(Deployment d) => Statistics.Summarize(id == "session"
                    ? samples.Where(x => x.Placement == d.Placement.Name && x.Location == location).GroupBy(x => x.Session).Select(g => g.Sum(x => x.Result.Milliseconds))
                    : samples.Where(x => x.Placement == d.Placement.Name && x.Location == location && Interactions.Id(x.Result.Interaction) == id).Select(x => x.Result.Milliseconds));
                var o = Of(original);
                var f = Of(federated);
                medians[("original", location, id)] = o.Median;
                medians[("federated", location, id)] = f.Median;
                var floors = id == "session"
                    ? (Interactions.All.Sum(i => Floor(original, location, i)), Interactions.All.Sum(i => Floor(federated, location, i)))
                    : (Floor(original, location, Parse(id)), Floor(federated, location, Parse(id)));
                rows.Add([location, id, Ms(o.Median), Ms(o.P99), Ms(f.Median), Ms(f.P99), Statistics.Ratio(f.Median, o.Median),
                    $"{Ms(floors.Item1)} / {Ms(floors.Item2)}"]);
            }
        }
        var table = new ReportTable("Response time per interaction, location and placement",
            ["Location", "Interaction", "Original median (ms)", "Original p99 (ms)", "Federated median (ms)", "Federated p99 (ms)",
                "Federated / original", "Emulated WAN floor original / federated (ms)"], rows);

        var requests = samples.Count;
        var successes = samples.Count(x => x.Result.Succeeded);
        var data = new JsonObject
        {
            ["labId"] = labId,
            ["sessionsPerLocation"] = sessions,
            ["warmupSessions"] = warmup,
            ["interactions"] = new JsonArray([.. ids.Select(i => (JsonNode?)i)]),
            ["locations"] = new JsonArray([.. Locations.Select(l => (JsonNode?)new JsonObject { ["name"] = l.Name, ["site"] = l.Site })]),
            ["placements"] = new JsonArray([.. deployments.Select(d => (JsonNode?)new JsonObject
            {
                ["name"] = d.Placement.Name,
                ["description"] = "examples/" + d.Placement.File,
                ["tenant"] = d.Placement.Tenant,
                ["sites"] = new JsonObject([.. ServiceRoles.All.Select(r => KeyValuePair.Create(ServiceRoles.Name(r), (JsonNode?)d.Sites[r]))]),
            })]),
            ["wan"] = new JsonArray([.. lab.State.Transits.Select(t => (JsonNode?)new JsonObject
            {
                ["transit"] = t.Name, ["kind"] = t.Kind.ToString(), ["siteA"] = t.SiteA, ["siteB"] = t.SiteB,
                ["delayMs"] = t.Wan.Delay.TotalMilliseconds, ["jitterMs"] = t.Wan.Jitter.TotalMilliseconds,
            })]),
            ["wanOnlyFederated"] = new JsonArray([.. wanOnlyFederated.Select(i => (JsonNode?)Interactions.Id(i))]),
            ["floorsMs"] = new JsonArray([.. deployments.SelectMany(d => Locations.SelectMany(l => Interactions.All.Select(i => (JsonNode?)new JsonObject
            {
                ["placement"] = d.Placement.Name, ["location"] = l.Name, ["interaction"] = Interactions.Id(i), ["floorMs"] = Floor(d, l.Name, i),
            })))]),
            ["http"] = new JsonObject { ["requests"] = requests, ["successes"] = successes, ["failures"] = requests - successes },
            ["failures"] = new JsonArray([.. samples.Where(x => !x.Result.Succeeded).Take(20).Select(x => (JsonNode?)new JsonObject
            {
                ["placement"] = x.Placement, ["location"] = x.Location, ["session"] = x.Session,
                ["interaction"] = Interactions.Id(x.Result.Interaction), ["status"] = x.Result.Status, ["error"] = x.Result.Error,
            })]),
            ["servicePids"] = new JsonArray([.. pids.Select(p => (JsonNode?)p)]),
            ["samples"] = new JsonArray([.. samples.Select(x => (JsonNode?)new JsonObject
            {
                ["placement"] = x.Placement, ["location"] = x.Location, ["session"] = x.Session,
                ["interaction"] = Interactions.Id(x.Result.Interaction), ["ms"] = Math.Round(x.Result.Milliseconds, 3), ["status"] = x.Result.Status,
            })]),
        };

        var wan = string.Join("; ", lab.State.Transits.Select(t =>
            $"{t.Name} ({t.Kind}, {t.SiteA}–{t.SiteB}): {t.Wan.Delay.TotalMilliseconds:0.###} ms one way ± {t.Wan.Jitter.TotalMilliseconds:0.###} ms jitter, {t.Wan.LossPercent:0.##} % loss, " +
            (t.Wan.RateBitsPerSecond > 0 ? $"{t.Wan.RateBitsPerSecond / 1e6:0} Mbit/s" : "no rate limit")));
        var conditions = new List<string>
        {
            $"Lab of examples/federation-paper.yaml (sites kuas, ncku, ntust; userspace Open vSwitch), programmed by FedNet's controller (ovs driver, VLAN translation on the VPLS, GRE to ntust). " +
            "Both placements run side by side in the one lab, as the same service of two tenants: original = examples/elearning-original.yaml (all five VMs in kuas), " +
            "federated = examples/elearning.yaml (portal, auth and backend-db in kuas, school-db in ncku behind the VPLS, app-server in ntust behind GRE).",
            $"Emulated WAN (the lab's forwarder, every frame): {wan}. ncku ↔ ntust crosses both transits through the kuas gateway. A request/response over a path costs at least 2 × Σ(delay − jitter) of its transits: the \"emulated WAN floor\" column.",
            "Clients: one VM per location on the service's front network, the same in both placements: visiting in kuas (the paper's IDC A), home in ncku (IDC B, the home university), neutral in ntust (the third site).",
            "Services: one `fednet bench service-node` process per component (HttpListener, HTTP/1.1 kept-alive, tiny in-memory databases) inside its VM's namespace; a VM with two interfaces (portal, auth, app-server) " +
            "is one process whose calls on its second network leave from that interface's namespace. Calls per interaction (Table 1): " +
            string.Join("; ", Interactions.All.Select(i => $"{Interactions.Id(i)}: client→portal, " + string.Join(", ", Interactions.Calls(i).Select(c => $"{ServiceRoles.Name(c.Caller)}→{ServiceRoles.Name(c.Callee)}")))) + ".",
            $"{sessions} session(s) of the six interactions per location and placement, after {warmup} warm-up session(s) each (not recorded); placements interleaved, alternating which goes first. " +
            "Response time = HTTP request handed to the client's connection → whole response body read, by a client whose socket lives in the client VM's namespace.",
            (SchedulingPriority.RealTimeAllowed
                ? $"Priority: this lab's ovs-vswitchd daemons and the service nodes run SCHED_RR {SchedulingPriority.RealTime} (below the WAN emulators' SCHED_FIFO 20), "
                : $"Priority: real time was refused here, so this lab's ovs-vswitchd daemons and the service nodes run at nice {SchedulingPriority.Boosted}, ") +
            $"the session generator at nice {SchedulingPriority.Boosted} " +
            "(as BenchmarkDotNet raises its own priority), so that compilers and other labs on the machine disturb the measured path less.",
            "Measured on one 2-core machine that runs every VM, switch and emulator (load average at the start in the header): absolute times move with the load; what carries over is the difference between placements, bounded below by the emulated delay.",
        };
        var notes = new List<string>
        {
            "The paper found home users faster in the federated placement (critical data fetched locally) and visiting users barely slower. In elearning.yaml the portal stays in kuas (IDC A), so every client's " +
            "path to the portal is the same in both placements here and partitioning can only add WAN round trips (" + string.Join(", ", wanOnlyFederated.Select(Interactions.Id)) + " cross the WAN in the federated placement only). " +
            "The paper's gain for home users needs the portal in their site; this lab reproduces the cost side: the extra time is the emulated round trips, and FedNet's forwarding adds little beyond them.",
            "login-check, logout and logout-check touch only the portal and auth (both in kuas in both placements): the two placements should match there, which checks that the comparison is fair.",
        };
        var plot = new ReportPlot("bars", "Median response time per interaction (original vs federated), by client location", p => Draw(p, ids, medians), Width: 1600, Height: 550);
        return new ExperimentReport(Id, Title, conditions, [table], [plot], notes, data);
    }

    private static void Draw(ScottPlot.Plot plot, string[] ids, Dictionary<(string Placement, string Location, string Interaction), double> medians)
    {
        var positions = new List<double>();
        var labels = new List<string>();
        var orig = new List<double>();
        var fed = new List<double>();
        var origPos = new List<double>();
        var fedPos = new List<double>();
        for (var l = 0; l < Locations.Count; l++)
        {
            for (var k = 0; k < ids.Length; k++)
            {
                var x = (l * (ids.Length + 1)) + k;
                positions.Add(x);
                labels.Add(k == 0 ? $"{ids[k]}\n{Locations[l].Name}" : ids[k]);
                origPos.Add(x - 0.2);
                fedPos.Add(x + 0.2);
                orig.Add(medians[("original", Locations[l].Name, ids[k])]);
                fed.Add(medians[("federated", Locations[l].Name, ids[k])]);
            }
        }
        var o = plot.Add.Bars(origPos.ToArray(), orig.ToArray());
        o.LegendText = "original (all in kuas)";
        foreach (var bar in o.Bars)
            bar.Size = 0.4;
        var f = plot.Add.Bars(fedPos.ToArray(), fed.ToArray());
        f.LegendText = "federated (figure 1 partition)";
        foreach (var bar in f.Bars)
            bar.Size = 0.4;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. positions], [.. labels]);
        plot.Axes.Bottom.Label.Text = "interaction (Table 1), grouped by client location: visiting (kuas) | home (ncku) | neutral (ntust)";
        plot.Axes.Left.Label.Text = "median response time (ms)";
        plot.Axes.Title.Label.Text = "Figure 6 — partitioned e-learning service on FedNet";
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
    }

    private static Interaction Parse(string id) => Interactions.All.Single(i => Interactions.Id(i) == id);

    private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>A placement: its name, its description in examples/, and the tenant that description uses.</summary>
    private sealed record Placement(string Name, string File, string Tenant);

    /// <summary>One measured interaction of one session.</summary>
    private sealed record Sample(string Placement, string Location, int Session, InteractionResult Result);

    /// <summary>A placement as deployed: each component's listening vif, the vif each call leaves from, the clients' vifs.</summary>
    private sealed class Deployment(Placement placement, Dictionary<ServiceRole, VifPlacement> listen,
        Dictionary<(ServiceRole, ServiceRole), VifPlacement> calls, Dictionary<string, VifPlacement> clients, LabSession lab)
    {
        public Placement Placement => placement;

        public IReadOnlyDictionary<ServiceRole, VifPlacement> Listen => listen;

        public IReadOnlyDictionary<ServiceRole, string> Sites { get; } = listen.ToDictionary(p => p.Key, p => p.Value.Site);

        public IReadOnlyDictionary<string, string> ClientSites { get; } = clients.ToDictionary(p => p.Key, p => p.Value.Site, StringComparer.Ordinal);

        public IReadOnlyDictionary<string, string> ClientNamespaces { get; } = clients.ToDictionary(p => p.Key, p => lab.Namespace(p.Value.Name), StringComparer.Ordinal);

        public string Namespace(ServiceRole role) => lab.Namespace(listen[role].Name);

        /// <summary>The namespace calls from <paramref name="caller"/> to <paramref name="callee"/> leave from, when not the caller's own.</summary>
        public string? Via(ServiceRole caller, ServiceRole callee) =>
            calls[(caller, callee)].Name == listen[caller].Name ? null : lab.Namespace(calls[(caller, callee)].Name);
    }
}
