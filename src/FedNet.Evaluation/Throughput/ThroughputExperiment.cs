using System.Globalization;
using FedNet.Control;
using FedNet.Evaluation.Throughput.Internal;
using FedNet.Lab;

namespace FedNet.Evaluation.Throughput;

/// <summary>
/// Figure 4 of the paper: iperf3 TCP throughput VM↔VM over the same host, the LAN, the VPLS (VLAN translation) and GRE,
/// for the kernel baseline, the vSwitches approach (<c>bridge-per-network</c> driver) and the VLAN approach (<c>ovs</c>
/// driver). The three labs are up at once and the runs interleaved (<see cref="ThroughputSchedule"/>); each cell is
/// reported as median and min–max spread, and as the ratio to the baseline of the same path.
/// </summary>
public sealed class ThroughputExperiment : IExperiment
{
    /// <inheritdoc/>
    public string Id => "fig4-throughput";

    /// <inheritdoc/>
    public int Order => 40;

    /// <inheritdoc/>
    public string Title => "Figure 4 — throughput";

    /// <inheritdoc/>
    public async Task<ExperimentReport> RunAsync(ExperimentContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repetitions = context.Repetitions ?? (context.Quick ? 1 : 5);
        var seconds = context.Duration is { } d ? Math.Max(1, (int)Math.Round(d.TotalSeconds)) : (context.Quick ? 1 : 5);
        var setups = ThroughputSetup.All;
        var paths = ThroughputPath.All;

        var serviceDirectory = Directory.CreateTempSubdirectory("fednet-fig4-service-").FullName;
        try
        {
            var service = ThroughputService.WriteTo(serviceDirectory);
            var vlanOptions = context.Lab(ThroughputSetup.Vlan.LabTag);
            context.Report(this, $"lab '{vlanOptions.Id}': {ThroughputSetup.Vlan.Label}, {ThroughputSetup.Vlan.Federation} + the figure's service");
            await using var vlan = await LabSession.StartAsync(vlanOptions, Path.Combine(context.Examples, ThroughputSetup.Vlan.Federation), [service],
                LabProgress(context, vlanOptions.Id), cancellationToken).ConfigureAwait(false);
            var vswOptions = context.Lab(ThroughputSetup.VSwitches.LabTag);
            context.Report(this, $"lab '{vswOptions.Id}': {ThroughputSetup.VSwitches.Label}, {ThroughputSetup.VSwitches.Federation} + the figure's service");
            await using var vswitches = await LabSession.StartAsync(vswOptions, Path.Combine(context.Examples, ThroughputSetup.VSwitches.Federation),
                [service], LabProgress(context, vswOptions.Id), cancellationToken).ConfigureAwait(false);
            var baseOptions = context.Lab(ThroughputSetup.Baseline.LabTag);
            context.Report(this, $"lab '{baseOptions.Id}': {ThroughputSetup.Baseline.Label}, {ThroughputSetup.Baseline.Federation}, same VMs, no FedNet");
            var vms = vlan.Vifs.Select(v => new VmSpec(v.Name, v.Host, v.MacText, $"{v.IpText}/{v.PrefixLength}")).ToList();
            await using var baseline = await KernelBaseline.StartAsync(baseOptions, Path.Combine(context.Examples, ThroughputSetup.Baseline.Federation),
                vms, LabProgress(context, baseOptions.Id), cancellationToken).ConfigureAwait(false);

            // Where each run goes: source and destination namespaces per setup, the destination's address per path.
            var source = vlan.Vifs.Single(v => v.Vif.Vm.Vm == ThroughputPath.SourceVm);
            var targets = paths.ToDictionary(p => p.Id, p => vlan.Vifs.Single(v => v.Vif.Vm.Vm == p.Vm));
            foreach (var (session, setup) in new[] { (vlan, ThroughputSetup.Vlan), (vswitches, ThroughputSetup.VSwitches) })
            {
                foreach (var p in paths)
                {
                    var kind = Reachability.PathOf(session.Plan, session.Vif(source.Name), session.Vif(targets[p.Id].Name));
                    if (kind != p.Kind)
                        throw new InvalidOperationException($"{setup.Label}: the planner linked {source.Name} → {targets[p.Id].Name} as {kind}, not {p.Kind}");
                }
            }
            string Ns(ThroughputSetup setup, string vm) =>
                setup == ThroughputSetup.Baseline ? baseline.Namespace(vm) : setup == ThroughputSetup.Vlan ? vlan.Namespace(vm) : vswitches.Namespace(vm);

            // Warm-up: ARP and MAC learning done, and every path proven to carry traffic, before anything is timed.
            foreach (var setup in setups)
            {
                foreach (var p in paths)
                {
                    var rtts = await VmTools.PingAsync(Ns(setup, source.Name), targets[p.Id].IpText, 3, TimeSpan.FromMilliseconds(50), cancellationToken)
                        .ConfigureAwait(false);
                    context.Report(this, $"{setup.Label}, {p.Label}: reachable, ping {rtts.Min():0.000} ms");
                }
            }

            var results = new ThroughputResults(setups, paths);
            var schedule = ThroughputSchedule.Order(repetitions, paths, setups);
            foreach (var run in schedule)
            {
                var target = targets[run.Path.Id];
                var mbps = await MeasureAsync(Ns(run.Setup, source.Name), Ns(run.Setup, target.Name), target.IpText, seconds, context, cancellationToken)
                    .ConfigureAwait(false);
                results.Add(run.Setup, run.Path, mbps);
                context.Report(this, $"run {run.Repetition + 1}/{repetitions}, {run.Path.Label}, {run.Setup.Label}: {mbps:0} Mbit/s");
            }

            var wan = string.Join("; ", baseline.State.Transits.Select(t => $"{t.Name} ({t.Kind.ToString().ToLowerInvariant()}): {t.Wan}"));
            return new ExperimentReport(Id, Title,
                Conditions(repetitions, seconds, wan, baseOptions.Id),
                [results.Table($"Throughput, iperf3 TCP, {seconds} s × {repetitions} per cell (median and min–max, Mbit/s; ratio of medians)")],
                [new ReportPlot("bars", "Throughput per path and setup (bars: median; whiskers: min–max)", plot => Draw(plot, results))],
                Notes(results),
                Data(results, repetitions, seconds));
        }
        finally
        {
            Directory.Delete(serviceDirectory, recursive: true);
        }
    }

    /// <summary>One iperf3 run; a failed run is retried once (a server that missed its client), then fails the experiment.</summary>
    private async Task<double> MeasureAsync(string fromNs, string toNs, string ip, int seconds, ExperimentContext context,
        CancellationToken cancellationToken)
    {
        try
        {
            return await VmTools.IperfAsync(fromNs, toNs, ip, seconds, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            context.Report(this, $"iperf3 {fromNs} → {ip} failed, retrying once: {e.Message}");
            return await VmTools.IperfAsync(fromNs, toNs, ip, seconds, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private IProgress<string> LabProgress(ExperimentContext context, string labId) =>
        new Prefixed(line => context.Report(this, $"lab '{labId}': {line}"));

    private static List<string> Conditions(int repetitions, int seconds, string wan, string baselineLab) =>
    [
        $"iperf3 TCP, one stream, {seconds} s per run, {repetitions} run(s) per setup and path, receiver-side Mbit/s. Runs are interleaved: " +
            "for each repetition and path the three setups run back to back, their order rotating, while all three labs stay up.",
        $"Service (ThroughputService.Yaml): one network, source VM src on kuas-rack1; destinations local (same host), lan (kuas-rack2, same " +
            "segment), vpls (ncku-h1, across the VPLS that passes only public VLAN 2782), gre (ntust-h1, L3 only). Same MACs and addresses in all setups.",
        $"VLAN approach: examples/{ThroughputSetup.Vlan.Federation} (ovs driver on every host); vSwitches approach: " +
            $"examples/{ThroughputSetup.VSwitches.Federation} (bridge-per-network driver); both planned and programmed by FedNet's controller " +
            "before the runs; gateways do VLAN translation (VPLS) and GRE (ntust) in both. OVS runs the userspace datapath (datapath_type=netdev).",
        $"Baseline (lab '{baselineLab}'): the lab of examples/{ThroughputSetup.Baseline.Federation} built by the same FedNet.Lab code, with the " +
            "same VMs bound by the lab's compute driver, but FedNet never runs: every host and gateway forwards with one Linux bridge " +
            $"({KernelBaseline.Bridge}) holding its VMs' veths, seg0 and its transit links; frames cross the segments untagged; toward the VPLS each " +
            "gateway's tr link tags/untags public VLAN 2782 with a tc eBPF program (this kernel has no VLAN sub-interfaces and no tc vlan action); " +
            $"across L3 the gateways are joined by kernel VXLAN devices (VNI {KernelBaseline.VniBase}+transit index, UDP 4789) over wan0, which " +
            "takes the underlay address of the lab's br-underlay OVS bridge (deleted in this lab). The hosts' ovs-vswitchd processes idle without bridges.",
        "Shared by all three setups (same code, same figures): the namespaces layout, the segments' Linux bridges, the VPLS filter (an OVS " +
            "bridge in the transit's own namespace, standing for the provider), the L3 router and the userspace WAN emulators with their " +
            $"delay and rate cap: {wan}. Only the forwarding element in the sites differs.",
        $"One machine with {Environment.ProcessorCount} cores runs every VM, switch, emulator and iperf3 end (load average at the start in the " +
            "header), so absolute figures move with the load: compare the ratios, measured in the same interleaved run.",
    ];

    private static List<string> Notes(ThroughputResults results)
    {
        var cells = results.Cells();
        string Cell(ThroughputSetup s, string path) =>
            cells.FirstOrDefault(c => c.Setup == s && c.Path.Id == path) is { } c ? $"{c.Summary.Median:0} Mbit/s" : "—";
        string Ratio(ThroughputSetup s, string path) =>
            cells.FirstOrDefault(c => c.Setup == s && c.Path.Id == path)?.RatioText ?? "—";
        return
        [
            "The paper (figure 4, GRE only, physical hosts with 1 GbE and the kernel datapath over an 8-hop academic WAN): 800–825 Mbit/s, " +
                "and the vSwitches approach ahead of both the baseline and the VLAN approach.",
            $"Here over GRE: baseline {Cell(ThroughputSetup.Baseline, "gre")}, vSwitches {Cell(ThroughputSetup.VSwitches, "gre")} " +
                $"({Ratio(ThroughputSetup.VSwitches, "gre")} of the baseline), VLAN {Cell(ThroughputSetup.Vlan, "gre")} ({Ratio(ThroughputSetup.Vlan, "gre")}).",
            "Every VPLS frame crosses the lab's VPLS filter (an OVS userspace bridge standing for the provider, into and out of the WAN " +
                "emulator) in all three setups alike: it bounds that path for all of them, so its ratios say little about the sites' forwarding.",
            "Why lower, and why the baseline leads: OVS forwards in userspace here (no kernel module), one frame at a time through each " +
                "ovs-vswitchd on the path, while the Linux bridge forwards in the kernel; every WAN frame also crosses a userspace emulator " +
                "with its own rate cap; and every element shares two cores with iperf3 at both ends.",
        ];
    }

    private static System.Text.Json.Nodes.JsonObject Data(ThroughputResults results, int repetitions, int seconds)
    {
        var json = results.ToJson();
        json["repetitions"] = repetitions;
        json["durationSeconds"] = seconds;
        json["tool"] = "iperf3 -c <ip> -t <seconds> -J (TCP, one stream, receiver side)";
        return json;
    }

    /// <summary>Grouped bars: one group per path, one bar per setup (median), whiskers from min to max.</summary>
    private static void Draw(ScottPlot.Plot plot, ThroughputResults results)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var cells = results.Cells();
        var groupWidth = results.Setups.Count + 1;
        for (var s = 0; s < results.Setups.Count; s++)
        {
            var setup = results.Setups[s];
            var bars = new List<ScottPlot.Bar>();
            for (var p = 0; p < results.Paths.Count; p++)
            {
                if (cells.FirstOrDefault(c => c.Setup == setup && c.Path == results.Paths[p]) is not { } cell)
                    continue;
                bars.Add(new ScottPlot.Bar
                {
                    Position = (p * groupWidth) + s,
                    Value = cell.Summary.Median,
                    FillColor = palette.GetColor(s),
                });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = setup.Label;
            // Whiskers drawn as lines: the min–max spread is not symmetric around the median.
            foreach (var bar in bars)
            {
                var cell = cells.First(c => c.Setup == setup && (c.Path == results.Paths[(int)bar.Position / groupWidth]));
                foreach (var (x1, y1, x2, y2) in new[]
                {
                    (bar.Position, cell.Summary.Min, bar.Position, cell.Summary.Max),
                    (bar.Position - 0.15, cell.Summary.Min, bar.Position + 0.15, cell.Summary.Min),
                    (bar.Position - 0.15, cell.Summary.Max, bar.Position + 0.15, cell.Summary.Max),
                })
                {
                    var line = plot.Add.Line(x1, y1, x2, y2);
                    line.Color = ScottPlot.Colors.Black;
                    line.LineWidth = 1.5f;
                }
            }
        }
        var ticks = results.Paths.Select((p, i) => (Position: (i * groupWidth) + ((results.Setups.Count - 1) / 2.0), p.Label)).ToArray();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => ShortLabel(t.Label))]);
        plot.Axes.Margins(bottom: 0);
        plot.Axes.Title.Label.Text = "Figure 4 — iperf3 TCP throughput VM↔VM";
        plot.Axes.Left.Label.Text = "Mbit/s";
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
    }

    private static string ShortLabel(string label) => label.Split(" (")[0];

    /// <summary>Forwards progress synchronously (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class Prefixed(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
