using System.Globalization;
using System.Text.Json.Nodes;

namespace FedNet.Evaluation.Arp;

/// <summary>
/// ARP resolution time with FedNet's in-switch responders (<c>arp: switch</c>) against its controller proxy
/// (<c>arp: controller</c>), for VM pairs across the VPLS and across GRE (<see cref="ArpService"/>): per trial the
/// requester's neighbour cache is flushed and one <c>arping</c> times request → reply; the reply's MAC must be the
/// target's. Every transit is captured meanwhile: no tenant ARP broadcast may cross one.
/// </summary>
internal sealed class ArpExperiment : IExperiment
{
    private const string Tenant = ArpService.Tenant;

    private static readonly Case[] Cases =
    [
        new("switch", "VPLS", "swa", "swv"),
        new("switch", "GRE", "swa", "swg"),
        new("controller", "VPLS", "ctla", "ctlv"),
        new("controller", "GRE", "ctla", "ctlg"),
    ];

    /// <inheritdoc/>
    public string Id => "arp";

    /// <inheritdoc/>
    public int Order => 130;

    /// <inheritdoc/>
    public string Title => "ARP — resolution time (switch responders vs controller proxy) and broadcasts on transits";

    /// <inheritdoc/>
    public async Task<ExperimentReport> RunAsync(ExperimentContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trials = context.Repetitions ?? (context.Quick ? 5 : 50);
        var federation = Path.Combine(context.Examples, "federation-paper.yaml");
        var scratch = Directory.CreateTempSubdirectory("fednet-arp-").FullName;
        try
        {
            var service = Path.Combine(scratch, "arp-modes.yaml");
            await File.WriteAllTextAsync(service, ArpService.Yaml, cancellationToken).ConfigureAwait(false);
            return await RunAsync(context, federation, service, trials, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private async Task<ExperimentReport> RunAsync(ExperimentContext context, string federation, string service, int trials,
        CancellationToken cancellationToken)
    {
        context.Report(this, "lab up: paper federation, one arp: switch and one arp: controller network, VM pairs across the VPLS and GRE");
        await using var session = await LabSession.StartAsync(context.Lab("arp"), federation, [service], context.Progress, cancellationToken)
            .ConfigureAwait(false);
        var endpoints = Cases.Select(c =>
        {
            var from = session.Vif($"{Tenant}.{c.From}");
            var to = session.Vif($"{Tenant}.{c.To}");
            return (Case: c, Namespace: session.Namespace(from.Name), Ip: to.IpText, Mac: to.MacText.ToLowerInvariant());
        }).ToList();
        var times = Cases.ToDictionary(c => c, _ => new List<double>());
        var misses = Cases.ToDictionary(c => c, _ => 0);
        IReadOnlyList<TransitObservation> transits;
        await using (var capture = await TransitCapture.StartAsync(session.State, cancellationToken).ConfigureAwait(false))
        {
            for (var t = 0; t < trials; t++)
            {
                // Rotate the order so no case always runs first after a quiet spell.
                for (var k = 0; k < endpoints.Count; k++)
                {
                    var e = endpoints[(t + k) % endpoints.Count];
                    var (flushExit, _, flushErr) = await VmTools.RunAsync(["ip", "netns", "exec", e.Namespace, "ip", "neigh", "flush", "dev", "eth0"],
                        cancellationToken).ConfigureAwait(false);
                    if (flushExit != 0)
                        throw new InvalidOperationException($"ip neigh flush in {e.Namespace} failed: {flushErr.Trim()}");
                    var reply = await ArpingReply.RunAsync(e.Namespace, e.Ip, cancellationToken).ConfigureAwait(false);
                    if (reply is null)
                    {
                        misses[e.Case]++;
                        continue;
                    }
                    if (reply.Mac != e.Mac)
                        throw new InvalidOperationException($"{e.Case.Mode}/{e.Case.Path}: {e.Ip} answered with {reply.Mac}, expected {e.Mac}");
                    times[e.Case].Add(reply.Ms);
                }
                if ((t + 1) % 10 == 0 || t + 1 == trials)
                    context.Report(this, $"trial {t + 1}/{trials}: " + string.Join(", ", Cases.Select(c =>
                        $"{c.Mode}/{c.Path} {(times[c].Count > 0 ? Statistics.Summarize(times[c]).Median.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : "-")}")));
            }
            // Liveness: one echo per case crosses its transit, so each capture must see tenant frames (0 ARP broadcasts
            // then means none crossed, not that the capture was blind).
            foreach (var e in endpoints)
                await VmTools.PingAsync(e.Namespace, e.Ip, 1, TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            transits = await capture.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        return Build(trials, times, misses, transits);
    }

    private ExperimentReport Build(int trials, Dictionary<Case, List<double>> times, Dictionary<Case, int> misses, IReadOnlyList<TransitObservation> transits)
    {
        var rows = new List<IReadOnlyList<string>>();
        var cases = new JsonArray();
        foreach (var c in Cases)
        {
            var s = times[c].Count > 0 ? Statistics.Summarize(times[c]) : null;
            rows.Add([c.Mode, c.Path, $"{times[c].Count}/{trials}", s is null ? "—" : Ms(s.Median), s is null ? "—" : Ms(s.P99), s is null ? "—" : Ms(s.Mean),
                s is null ? "—" : s.Spread("F3")]);
            cases.Add(new JsonObject
            {
                ["mode"] = c.Mode,
                ["path"] = c.Path,
                ["from"] = $"{Tenant}.{c.From}",
                ["to"] = $"{Tenant}.{c.To}",
                ["trials"] = trials,
                ["replies"] = times[c].Count,
                ["unanswered"] = misses[c],
                ["medianMs"] = s?.Median,
                ["p99Ms"] = s?.P99,
                ["meanMs"] = s?.Mean,
                ["samplesMs"] = new JsonArray([.. times[c].Select(v => (JsonNode?)JsonValue.Create(v))]),
            });
        }
        var conditions = new List<string>
        {
            "Lab of examples/federation-paper.yaml with one service (Arp/ArpService.cs): network sw (arp: switch, in-switch responder flows) and network " +
            "ctl (arp: controller, packet-in to FedNet's controller, packet-out reply), ovs driver. From kuas-rack1, each network's VM resolves its " +
            "peer on ncku-h1 (across the VPLS, VLAN translation to 2782) and on ntust-h1 (across the GRE tunnel).",
            $"{trials} trials; in each, the four cases in rotating order: `ip neigh flush dev eth0` in the requester, then `arping -c 1 -w 2 -I eth0` " +
            "(iputils-arping): the time from the broadcast request leaving the VM to the reply arriving, as arping reports it. A reply is counted " +
            "only if its MAC is the target vif's planned MAC.",
            "The controller is FedNet's in-process controller (the one LabSession deployed with), connected over unix sockets on the same machine.",
            "Tenant ARP broadcasts counted on every transit for the whole run (tcpdump: port g0 of the VPLS bridge; the GRE underlay on kuas-gw's " +
            "wan0, GRE and VXLAN-4789 packets only). After the trials each case sends one ping, so each capture must also show tenant frames.",
            $"Every VM, switch, emulator and the controller share the machine's {Environment.ProcessorCount} cores (load average at the start in " +
            "the header): sub-millisecond times are noisy; cases are interleaved so load hits them alike.",
        };
        var notes = new List<string>
        {
            "The paper describes the ARP proxy (section IV.B: answering from the controller's tables \"prevents ARP flooding\") but measures nothing " +
            "about it. Here both of FedNet's mechanisms answer at the requester's own host (never across the WAN), so the path (VPLS or GRE) should " +
            "not change the time; the controller proxy adds a packet-in/packet-out round trip through the controller process.",
        };
        if (TransitReport.Violation(transits) is { } violation)
            notes.Insert(0, violation);
        var series = Cases.Select(c => (Label: $"{c.Mode} / {c.Path}", Cdf: Latency.Cdf.Of(times[c]))).ToList();
        var plots = new List<ReportPlot>
        {
            new("cdf", "CDF of ARP resolution times per mode and path", plot =>
            {
                foreach (var (label, cdf) in series)
                {
                    if (cdf.X.Length == 0)
                        continue;
                    var line = plot.Add.ScatterLine(cdf.X, cdf.Y);
                    line.LegendText = label;
                }
                plot.Axes.Bottom.Label.Text = "ARP request → reply (ms)";
                plot.Axes.Left.Label.Text = "fraction of trials";
                plot.Axes.Title.Label.Text = "ARP resolution: in-switch responder vs controller proxy";
                plot.Legend.Alignment = ScottPlot.Alignment.LowerRight;
                plot.ShowLegend();
            }),
        };
        var data = new JsonObject
        {
            ["trials"] = trials,
            ["method"] = "ip neigh flush; arping -c 1 -w 2 -I eth0",
            ["cases"] = cases,
            ["transits"] = TransitReport.Json(transits),
        };
        return new ExperimentReport(Id, Title, conditions,
        [
            new ReportTable("ARP resolution time", ["Mode", "Path", "Replies", "Median (ms)", "p99 (ms)", "Mean (ms)", "Min–max (ms)"], rows),
            TransitReport.Table("Tenant ARP on the transits during the trials", transits),
        ], plots, notes, data);
    }

    private static string Ms(double ms) => ms.ToString("F3", CultureInfo.InvariantCulture);

    private sealed record Case(string Mode, string Path, string From, string To);
}
