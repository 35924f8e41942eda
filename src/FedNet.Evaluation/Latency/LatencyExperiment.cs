using System.Globalization;
using System.Text.Json.Nodes;
using FedNet.Evaluation.Arp;
using FedNet.Lab;

namespace FedNet.Evaluation.Latency;

/// <summary>
/// Figure 5 of the paper: 32 virtual networks, one VM pair each across the GRE transit, all pinging at once (one probe
/// every 100 ms); per network mean, p50 and p99 for FedNet and for a kernel baseline (Linux bridges and kernel VXLAN
/// across the same emulated WAN, <see cref="KernelBaseline"/>), measured in alternating phases of the same run; the
/// overhead in µs; the first (cold) probe apart; and the tenant ARP broadcasts seen on every transit (must be 0).
/// </summary>
internal sealed class LatencyExperiment : IExperiment
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Phases in the order they run: FedNet and baseline alternate so machine load hits both alike.</summary>
    private static readonly PathKind[] Phases = [PathKind.FedNet, PathKind.Baseline, PathKind.FedNet, PathKind.Baseline];

    private enum PathKind
    {
        FedNet,
        Baseline,
    }

    /// <inheritdoc/>
    public string Id => "fig5-latency";

    /// <inheritdoc/>
    public int Order => 50;

    /// <inheritdoc/>
    public string Title => "Figure 5 — latency over 32 networks";

    /// <inheritdoc/>
    public async Task<ExperimentReport> RunAsync(ExperimentContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var networks = context.Quick ? 8 : 32;
        var duration = context.Duration ?? TimeSpan.FromSeconds(context.Quick ? 5 : 60);
        var probesPerPhase = Math.Max(2, (int)Math.Round(duration / Interval / 2));
        var federation = Path.Combine(context.Examples, "federation-paper.yaml");
        string? scratch = null;
        var service = Path.Combine(context.Examples, "latency-32-networks.yaml");
        if (networks != 32)
        {
            scratch = Directory.CreateTempSubdirectory("fednet-fig5-").FullName;
            service = Path.Combine(scratch, $"latency-{networks}-networks.yaml");
            await File.WriteAllTextAsync(service, LatencyService.Yaml(networks), cancellationToken).ConfigureAwait(false);
        }
        try
        {
            context.Report(this, $"lab up: paper federation, {networks} networks × 1 VM pair (kuas-rack1 ↔ ntust-h1, GRE)");
            await using var session = await LabSession.StartAsync(context.Lab("lat"), federation, [service], context.Progress, cancellationToken)
                .ConfigureAwait(false);
            var pairs = Enumerable.Range(1, networks).Select(n =>
            {
                var a = session.Vif(LatencyService.Vif('a', n));
                var b = session.Vif(LatencyService.Vif('b', n));
                return new Pair(n, LatencyService.Network(n), a.Name, b.Name, session.Namespace(a.Name), session.Namespace(b.Name), b.IpText,
                    KernelBaseline.AddressB(n));
            }).ToList();

            context.Report(this, "baseline: Linux bridges in the hosts, kernel VXLAN between the gateways");
            await KernelBaseline.BuildAsync(session.State, LatencyService.HostA, LatencyService.HostB,
                [.. pairs.Select(p => (p.N, p.NamespaceA, p.NamespaceB))], cancellationToken).ConfigureAwait(false);

            var samples = pairs.ToDictionary(p => p.N, _ => new Dictionary<PathKind, List<PhaseResult>> { [PathKind.FedNet] = [], [PathKind.Baseline] = [] });
            IReadOnlyList<TransitObservation> transits;
            await using (var capture = await TransitCapture.StartAsync(session.State, cancellationToken).ConfigureAwait(false))
            {
                for (var phase = 0; phase < Phases.Length; phase++)
                {
                    var kind = Phases[phase];
                    context.Report(this, $"phase {phase + 1}/{Phases.Length}: {Label(kind)}, {networks} pairs pinging at once, " +
                        $"{probesPerPhase} probes each, {Interval.TotalMilliseconds:0} ms apart{(phase < 2 ? " (cold start)" : "")}");
                    var results = await Task.WhenAll(pairs.Select(p => PingReply.RunAsync(p.NamespaceA, kind == PathKind.FedNet ? p.FedNetIp : p.BaselineIp,
                        probesPerPhase, Interval, cancellationToken))).ConfigureAwait(false);
                    for (var i = 0; i < pairs.Count; i++)
                        samples[pairs[i].N][kind].Add(new PhaseResult(phase, probesPerPhase, results[i]));
                    var all = results.SelectMany(r => r).Select(r => r.RttMs).ToList();
                    context.Report(this, $"phase {phase + 1}/{Phases.Length}: {all.Count}/{probesPerPhase * pairs.Count} replies" +
                        (all.Count > 0 ? $", mean {all.Average():0.000} ms" : ""));
                }
                transits = await capture.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            var wan = session.State.Transits.FirstOrDefault(t => t.Kind == LabTransitKind.Tunnel)?.Wan;
            var gatewayA = KernelBaseline.GatewayOf(session.State, session.Vif(pairs[0].VifA).Site);
            var gatewayB = KernelBaseline.GatewayOf(session.State, session.Vif(pairs[0].VifB).Site);
            return Build(pairs, samples, transits, networks, duration, probesPerPhase, wan, KernelBaseline.Description(gatewayA, gatewayB));
        }
        finally
        {
            if (scratch is not null)
                Directory.Delete(scratch, recursive: true);
        }
    }

    private ExperimentReport Build(IReadOnlyList<Pair> pairs, Dictionary<int, Dictionary<PathKind, List<PhaseResult>>> samples,
        IReadOnlyList<TransitObservation> transits, int networks, TimeSpan duration, int probesPerPhase, LabWan? wan, string baseline)
    {
        var rows = new List<IReadOnlyList<string>>();
        var firstRows = new List<IReadOnlyList<string>>();
        var pairJson = new JsonArray();
        var fedMeans = new List<double>();
        var baseMeans = new List<double>();
        var fedAll = new List<double>();
        var baseAll = new List<double>();
        var fedFirst = new List<double>();
        var baseFirst = new List<double>();
        int fedSent = 0, fedReceived = 0, baseSent = 0, baseReceived = 0;
        foreach (var p in pairs)
        {
            var f = PathSamples.Of(samples[p.N][PathKind.FedNet]);
            var b = PathSamples.Of(samples[p.N][PathKind.Baseline]);
            if (f.Warm.Count == 0 || b.Warm.Count == 0)
                throw new InvalidOperationException($"{p.Network}: no warm replies ({Label(PathKind.FedNet)} {f.Warm.Count}, baseline {b.Warm.Count})");
            var fs = Statistics.Summarize(f.Warm);
            var bs = Statistics.Summarize(b.Warm);
            fedMeans.Add(fs.Mean);
            baseMeans.Add(bs.Mean);
            fedAll.AddRange(f.Warm);
            baseAll.AddRange(b.Warm);
            if (f.First is { } ff)
                fedFirst.Add(ff.RttMs);
            if (b.First is { } bf)
                baseFirst.Add(bf.RttMs);
            fedSent += f.Sent;
            fedReceived += f.Received;
            baseSent += b.Sent;
            baseReceived += b.Received;
            rows.Add([p.Network, Ms(fs.Mean), Ms(fs.Median), Ms(fs.P99), Ms(bs.Mean), Ms(bs.Median), Ms(bs.P99), Us(fs.Mean - bs.Mean),
                $"{f.Sent - f.Received} / {b.Sent - b.Received}"]);
            firstRows.Add([p.Network, f.First is { } x ? $"{Ms(x.RttMs)} (seq {x.Sequence})" : "lost", Ms(fs.Mean),
                b.First is { } y ? $"{Ms(y.RttMs)} (seq {y.Sequence})" : "lost", Ms(bs.Mean)]);
            pairJson.Add(new JsonObject
            {
                ["network"] = p.Network,
                ["from"] = p.VifA,
                ["to"] = p.VifB,
                ["fednetAddress"] = p.FedNetIp,
                ["baselineAddress"] = p.BaselineIp,
                ["fednet"] = f.ToJson(fs),
                ["baseline"] = b.ToJson(bs),
                ["overheadUs"] = (fs.Mean - bs.Mean) * 1000,
            });
        }
        var fAll = Statistics.Summarize(fedAll);
        var bAll = Statistics.Summarize(baseAll);
        rows.Add(["all (pooled)", Ms(fAll.Mean), Ms(fAll.Median), Ms(fAll.P99), Ms(bAll.Mean), Ms(bAll.Median), Ms(bAll.P99), Us(fAll.Mean - bAll.Mean),
            $"{fedSent - fedReceived} / {baseSent - baseReceived}"]);
        if (fedFirst.Count > 0 && baseFirst.Count > 0)
            firstRows.Add(["median over networks", Ms(Statistics.Summarize(fedFirst).Median), Ms(Statistics.Summarize(fedMeans).Median),
                Ms(Statistics.Summarize(baseFirst).Median), Ms(Statistics.Summarize(baseMeans).Median)]);

        var wanText = wan is null ? "the lab's WAN" :
            $"{wan.Delay.TotalMilliseconds:0.###} ms one way, ±{wan.Jitter.TotalMicroseconds:0} µs jitter, {wan.LossPercent:0.##} % loss, " +
            $"{wan.RateBitsPerSecond / 1e6:0} Mbit/s (emulated; a ping crosses it twice)";
        var conditions = new List<string>
        {
            $"{networks} virtual networks (examples/latency-32-networks.yaml's pattern) on the lab of examples/federation-paper.yaml, ovs driver " +
            $"(the VLAN approach): in network N, VM aNN on kuas-rack1 pings VM bNN on ntust-h1 across the GRE tunnel transit kuas-ntust ({wanText}).",
            $"All {networks} pairs ping at once, one probe every {Interval.TotalMilliseconds:0} ms (ping -i 0.1 -W 2), for {duration.TotalSeconds:0.#} s " +
            $"per path, in four alternating phases (FedNet, baseline, FedNet, baseline) of {probesPerPhase} probes each, so machine load hits both paths alike.",
            "No warm-up: each pair's first probe on each path is sent with empty neighbour caches; it includes ARP resolution, is reported apart and left " +
            "out of mean/p50/p99. Later phases start warm.",
            baseline,
            "Tenant ARP broadcasts counted on every transit of the lab for the whole run (tcpdump: port g0 of the VPLS bridge; the GRE underlay on " +
            "kuas-gw's wan0, GRE and VXLAN-4789 packets only, so the baseline's VXLAN on port 4790 is not counted).",
            $"Every VM, switch and emulator shares the machine's {Environment.ProcessorCount} cores (load average at the start in the header): " +
            "absolute numbers move with the load; the overhead compares paths measured interleaved in the same run.",
        };
        var notes = new List<string>
        {
            "Paper: hour-long samples over a real 8-hop academic WAN with kernel datapaths; it reports only that the GRE path's extra latency over " +
            "the IP baseline is \"acceptable\" (figure 5, no numbers in the text). Here the WAN delay is emulated and identical for both paths, so " +
            "the overhead column isolates what FedNet's path adds: two userspace OVS switches per site (host and gateway) and OVS's userspace GRE " +
            "encapsulation, against kernel bridges and kernel VXLAN.",
            "Loss column: probes lost out of those sent, FedNet / baseline.",
        };
        if (TransitReport.Violation(transits) is { } violation)
            notes.Insert(0, violation);

        var names = pairs.Select(p => p.Network).ToArray();
        var fedMeanArr = fedMeans.ToArray();
        var baseMeanArr = baseMeans.ToArray();
        var fedCdf = Cdf.Of(fedAll);
        var baseCdf = Cdf.Of(baseAll);
        var plots = new List<ReportPlot>
        {
            new("means", "Mean RTT per network (warm probes)", plot =>
            {
                var fedBars = plot.Add.Bars(names.Select((_, i) => i - 0.2).ToArray(), fedMeanArr);
                fedBars.LegendText = "GRE (FedNet)";
                foreach (var bar in fedBars.Bars)
                    bar.Size = 0.4;
                var baseBars = plot.Add.Bars(names.Select((_, i) => i + 0.2).ToArray(), baseMeanArr);
                baseBars.LegendText = "IP (kernel baseline)";
                foreach (var bar in baseBars.Bars)
                    bar.Size = 0.4;
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                    [.. names.Select((_, i) => (double)i)], [.. names.Select(n => n[3..])]);
                plot.Axes.Bottom.Label.Text = "virtual network";
                plot.Axes.Left.Label.Text = "mean RTT (ms)";
                plot.Axes.Title.Label.Text = $"Latency over {networks} virtual networks (GRE vs IP)";
                // Headroom above the bars for the legend.
                plot.Axes.Margins(bottom: 0, top: 0.25);
                plot.Legend.Alignment = ScottPlot.Alignment.UpperRight;
                plot.ShowLegend();
            }, Width: 1200),
            new("cdf", "CDF of every warm RTT sample", plot =>
            {
                var f = plot.Add.ScatterLine(fedCdf.X, fedCdf.Y);
                f.LegendText = "GRE (FedNet)";
                var b = plot.Add.ScatterLine(baseCdf.X, baseCdf.Y);
                b.LegendText = "IP (kernel baseline)";
                plot.Axes.Bottom.Label.Text = "RTT (ms)";
                plot.Axes.Left.Label.Text = "fraction of samples";
                plot.Axes.Title.Label.Text = "RTT distribution";
                plot.Legend.Alignment = ScottPlot.Alignment.LowerRight;
                plot.ShowLegend();
            }),
        };

        var data = new JsonObject
        {
            ["networks"] = networks,
            ["durationSecondsPerPath"] = duration.TotalSeconds,
            ["intervalMs"] = Interval.TotalMilliseconds,
            ["probesPerPhase"] = probesPerPhase,
            ["phases"] = new JsonArray([.. Phases.Select(p => (JsonNode?)JsonValue.Create(Label(p)))]),
            ["overall"] = new JsonObject
            {
                ["fednetMeanMs"] = fAll.Mean,
                ["fednetP50Ms"] = fAll.Median,
                ["fednetP99Ms"] = fAll.P99,
                ["baselineMeanMs"] = bAll.Mean,
                ["baselineP50Ms"] = bAll.Median,
                ["baselineP99Ms"] = bAll.P99,
                ["overheadUs"] = (fAll.Mean - bAll.Mean) * 1000,
                ["fednetSent"] = fedSent,
                ["fednetReceived"] = fedReceived,
                ["baselineSent"] = baseSent,
                ["baselineReceived"] = baseReceived,
            },
            ["pairs"] = pairJson,
            ["transits"] = TransitReport.Json(transits),
        };
        return new ExperimentReport(Id, Title, conditions,
        [
            new ReportTable("Latency per network (warm probes; overhead = FedNet mean − baseline mean)",
                ["Network", "FedNet mean (ms)", "FedNet p50 (ms)", "FedNet p99 (ms)", "Baseline mean (ms)", "Baseline p50 (ms)", "Baseline p99 (ms)",
                    "Overhead (µs)", "Lost (FedNet / baseline)"], rows),
            new ReportTable("First probe of each pair (cold: includes ARP resolution)",
                ["Network", "FedNet first (ms)", "FedNet warm mean (ms)", "Baseline first (ms)", "Baseline warm mean (ms)"], firstRows),
            TransitReport.Table("Tenant ARP on the transits during the run", transits),
        ], plots, notes, data);
    }

    private static string Label(PathKind kind) => kind == PathKind.FedNet ? "fednet" : "baseline";

    private static string Ms(double ms) => ms.ToString("F3", CultureInfo.InvariantCulture);

    private static string Us(double ms) => (ms * 1000).ToString("F0", CultureInfo.InvariantCulture);

    private sealed record Pair(int N, string Network, string VifA, string VifB, string NamespaceA, string NamespaceB, string FedNetIp, string BaselineIp);
}
