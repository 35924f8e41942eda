using System.Globalization;
using System.Text.Json.Nodes;
using FedNet.Evaluation.ControllerThroughput.Internal;

namespace FedNet.Evaluation.ControllerThroughput;

/// <summary>
/// The cbench workload (issue #9): bench/FedNet.Cbench emulates 16 switches sending learning-switch packet-ins over
/// 100,000 MACs per switch to FedNet's OpenFlow stack (<see cref="FedNetLearningSwitch"/>), to os-ken running
/// bench/peers/simple_switch_13.py and to ovs-testcontroller, in throughput mode (sockets kept full) and latency mode
/// (one packet-in outstanding per switch). Every run gets a freshly started controller; rounds interleave the
/// controllers so background load hits them alike.
/// </summary>
internal sealed class ControllerThroughputExperiment : IExperiment
{
    private const string FedNet = "FedNet";
    private const string OsKen = "os-ken simple_switch_13";
    private const string OvsTestController = "ovs-testcontroller";
    private static readonly string[] Controllers = [FedNet, OsKen, OvsTestController];
    private static readonly string[] Modes = ["throughput", "latency"];

    public string Id => "controller-throughput";

    public int Order => 110;

    public string Title => "Controller throughput — the cbench workload (FedNet vs os-ken vs ovs-testcontroller)";

    public async Task<ExperimentReport> RunAsync(ExperimentContext context, CancellationToken cancellationToken = default)
    {
        var duration = context.Duration ?? TimeSpan.FromSeconds(context.Quick ? 2 : 10);
        var rounds = context.Repetitions ?? (context.Quick ? 1 : 3);
        var warmup = TimeSpan.FromSeconds(1);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var dll = await CbenchTool.EnsureBuiltAsync(context.RepositoryRoot, new Progress(context, this), cancellationToken).ConfigureAwait(false);

        var runs = new List<Run>();
        var pids = new JsonArray();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var mode in Modes)
            {
                foreach (var controller in Controllers)
                {
                    var run = await MeasureAsync(context, dll, controller, mode, round, warmup, duration, pids, cancellationToken).ConfigureAwait(false);
                    runs.Add(run);
                    context.Report(this, $"round {round}/{rounds}, {mode}, {controller}: " + (run.Error is { } e
                        ? "FAILED: " + e
                        : $"{run.ResponsesPerSecond:F0} responses/s" + (mode == "latency" ? $", p50 {run.P50Ms:F2} ms, p99 {run.P99Ms:F2} ms" : "")));
                }
            }
        }

        var missing = Controllers.SelectMany(c => Modes.Select(m => (c, m)))
            .Where(cm => !runs.Any(r => r.Controller == cm.c && r.Mode == cm.m && r.Error is null)).ToList();
        if (missing.Count > 0)
        {
            var first = runs.First(r => r.Error is not null);
            throw new InvalidOperationException(
                $"no successful run for {string.Join(", ", missing.Select(m => $"{m.c} ({m.m})"))}; first error: {first.Controller} {first.Mode}: {first.Error}");
        }
        return Report(runs, pids, duration, warmup, rounds, load);
    }

    private static async Task<Run> MeasureAsync(ExperimentContext context, string dll, string controller, string mode, int round,
        TimeSpan warmup, TimeSpan duration, JsonArray pids, CancellationToken cancellationToken)
    {
        JsonObject result;
        if (controller == FedNet)
        {
            await using var fednet = FedNetLearningSwitch.Start();
            (result, var pid) = await CbenchTool.RunAsync(dll, fednet.Endpoint.ToString(), mode, warmup, duration, cancellationToken).ConfigureAwait(false);
            pids.Add(pid);
        }
        else
        {
            await using var peer = controller == OsKen
                ? await ControllerProcess.StartAsync(OsKen,
                    ["/usr/bin/python3", "/usr/bin/osken-manager", "--ofp-listen-host", "127.0.0.1", "--ofp-tcp-listen-port", "{port}",
                        Path.Combine(context.RepositoryRoot, "bench", "peers", "simple_switch_13.py")],
                    "python3-os-ken", setOvsDirs: false, cancellationToken).ConfigureAwait(false)
                : await ControllerProcess.StartAsync(OvsTestController,
                    ["/usr/bin/ovs-testcontroller", "-O", "OpenFlow13", "ptcp:{port}:127.0.0.1", "--log-file={dir}/ovs-testcontroller.log"],
                    "openvswitch-testcontroller", setOvsDirs: true, cancellationToken).ConfigureAwait(false);
            pids.Add(peer.Pid);
            (result, var pid) = await CbenchTool.RunAsync(dll, peer.Target, mode, warmup, duration, cancellationToken).ConfigureAwait(false);
            pids.Add(pid);
            if (result["error"] is not null)
                result["controllerLog"] = peer.LogTail();
        }
        return new Run(controller, mode, round, result);
    }

    private ExperimentReport Report(List<Run> runs, JsonArray pids, TimeSpan duration, TimeSpan warmup, int rounds, string load)
    {
        var ok = runs.Where(r => r.Error is null).ToList();
        Summary Of(string controller, string mode, Func<Run, double> value) =>
            Statistics.Summarize(ok.Where(r => r.Controller == controller && r.Mode == mode).Select(value));
        var fedThroughput = Of(FedNet, "throughput", r => r.ResponsesPerSecond).Median;
        var fedLatency = Of(FedNet, "latency", r => r.ResponsesPerSecond).Median;

        var throughputRows = Controllers.Select(c =>
        {
            var s = Of(c, "throughput", r => r.ResponsesPerSecond);
            return (IReadOnlyList<string>)
            [
                c, N(s.Median), s.Spread("F0"), N(Of(c, "throughput", r => r.FlowModsPerSecond).Median),
                N(Of(c, "throughput", r => r.PacketOutsPerSecond).Median), Statistics.Ratio(s.Median, fedThroughput),
                s.Count.ToString(CultureInfo.InvariantCulture),
            ];
        }).ToList();
        var latencyRows = Controllers.Select(c =>
        {
            var s = Of(c, "latency", r => r.ResponsesPerSecond);
            return (IReadOnlyList<string>)
            [
                c, N(s.Median), s.Spread("F0"), N(Of(c, "latency", r => r.AnsweredPerSecond).Median),
                Of(c, "latency", r => r.P50Ms).Median.ToString("F3", CultureInfo.InvariantCulture),
                Of(c, "latency", r => r.P99Ms).Median.ToString("F3", CultureInfo.InvariantCulture),
                Statistics.Ratio(s.Median, fedLatency),
            ];
        }).ToList();

        var summary = new JsonObject();
        foreach (var c in Controllers)
        {
            var entry = new JsonObject();
            foreach (var m in Modes)
            {
                var s = Of(c, m, r => r.ResponsesPerSecond);
                var node = new JsonObject
                {
                    ["responsesPerSecondMedian"] = s.Median,
                    ["responsesPerSecondMin"] = s.Min,
                    ["responsesPerSecondMax"] = s.Max,
                    ["ratioToFedNet"] = (m == "throughput" ? fedThroughput : fedLatency) is var b and > 0 ? s.Median / b : null,
                    ["successfulRuns"] = s.Count,
                };
                if (m == "latency")
                {
                    node["p50MsMedian"] = Of(c, m, r => r.P50Ms).Median;
                    node["p99MsMedian"] = Of(c, m, r => r.P99Ms).Median;
                }
                entry[m] = node;
            }
            summary[c] = entry;
        }
        var data = new JsonObject
        {
            ["controllers"] = new JsonArray([.. Controllers.Select(c => (JsonNode?)c)]),
            ["fednetCodePath"] = "FedNet.OpenFlow OpenFlowListener + SwitchConnection (default options) with FedNetLearningSwitch",
            ["switches"] = 16,
            ["macsPerSwitch"] = 100_000,
            ["durationSeconds"] = duration.TotalSeconds,
            ["warmupSeconds"] = warmup.TotalSeconds,
            ["rounds"] = rounds,
            ["loadAverageAtStart"] = load,
            ["summary"] = summary,
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode?)new JsonObject
            {
                ["round"] = r.Round,
                ["controller"] = r.Controller,
                ["mode"] = r.Mode,
                ["result"] = r.Result.DeepClone(),
            })]),
            ["processes"] = pids,
        };

        var conditions = new List<string>
        {
            $"Load generator: bench/FedNet.Cbench (written for FedNet on its OpenFlow codec; cbench's workload, not its code): 16 emulated " +
            "OpenFlow 1.3 switches, one TCP connection each on loopback, distinct datapath ids; packet-in k of a switch has source MAC " +
            "k mod 100,000 and destination MAC the previous packet's source (so a learning controller knows it), in_port 1 + k mod 4, " +
            "a 64-byte IPv4/UDP frame, unbuffered (OFP_NO_BUFFER), so every controller answers with a flow-mod and a packet-out.",
            $"Throughput mode keeps each switch's socket full (64 KiB send buffer, as cbench's); latency mode keeps one packet-in " +
            "outstanding per switch and sends the next when its packet-out arrives (lost after 1 s). Responses = flow-mods + packet-outs " +
            $"received in the window. Warm-up {warmup.TotalSeconds:0} s, then {duration.TotalSeconds:0.#} s counted; {rounds} round(s), " +
            "each round runs the three controllers back to back in each mode (interleaved), every run on a freshly started controller.",
            "FedNet code path measured: FedNet.OpenFlow's OpenFlowListener and SwitchConnection (default options: one read loop per " +
            "switch, packet-ins through the 10,000-message Unsolicited queue, writes batched through the connection's output pipe) with " +
            "FedNetLearningSwitch (src/FedNet.Evaluation/ControllerThroughput), the simple_switch_13 behaviour, running inside the " +
            "bench process. Not FedNetController's reconciler or its controller-side ARP proxy (FedNet itself installs proactive flows).",
            "os-ken 2.5.0 (osken-manager under /usr/bin/python3, eventlet) with bench/peers/simple_switch_13.py; ovs-testcontroller " +
            "(OVS 3.1) -O OpenFlow13, its built-in learning switch (exact-match flows, one single-threaded poll loop).",
            $"The load generator, the controller under test and anything else running share the machine's {Environment.ProcessorCount} " +
            $"cores (load average {load} when the run started): absolute numbers are low and noisy; compare the ratios measured in the same run.",
        };
        var notes = new List<string>
        {
            "The paper reports no controller benchmark: this compares FedNet's OpenFlow stack to two widely used learning-switch " +
            "controllers under the workload cbench made standard.",
            "A controller that cannot keep up behaves differently: FedNet's connection drops packet-ins beyond its 10,000-message " +
            "queue (counted in its log, never stalling replies), while os-ken and ovs-testcontroller leave the excess in the socket " +
            "buffers. Throughput mode therefore measures what comes back, not what was sent.",
        };
        return new ExperimentReport(
            Id,
            Title,
            conditions,
            [
                new ReportTable("Throughput mode (sockets kept full)",
                    ["Controller", "Responses/s (median)", "Spread (min–max)", "Flow-mods/s", "Packet-outs/s", "vs FedNet", "Runs"],
                    throughputRows),
                new ReportTable("Latency mode (one packet-in outstanding per switch)",
                    ["Controller", "Responses/s (median)", "Spread (min–max)", "Packet-ins answered/s", "p50 latency (ms)", "p99 latency (ms)", "vs FedNet"],
                    latencyRows),
            ],
            [
                new ReportPlot("responses", "Responses per second (median over rounds) by controller and mode", plot =>
                {
                    var xs = Enumerable.Range(0, Controllers.Length).Select(i => (double)i * 3).ToArray();
                    plot.Add.Bars(xs, [.. Controllers.Select(c => Of(c, "throughput", r => r.ResponsesPerSecond).Median)]).LegendText = "throughput mode";
                    plot.Add.Bars(xs.Select(x => x + 1).ToArray(), [.. Controllers.Select(c => Of(c, "latency", r => r.ResponsesPerSecond).Median)])
                        .LegendText = "latency mode";
                    plot.Axes.Bottom.SetTicks(xs.Select(x => x + 0.5).ToArray(), Controllers);
                    plot.Axes.Left.Label.Text = "responses/s (flow-mods + packet-outs)";
                    plot.Axes.Title.Label.Text = "cbench workload: 16 switches, 100,000 MACs each";
                    plot.Axes.Margins(bottom: 0);
                    plot.ShowLegend(ScottPlot.Alignment.UpperRight);
                }),
            ],
            notes,
            data);
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>One generator run: its JSON and the figures the tables use.</summary>
    private sealed record Run(string Controller, string Mode, int Round, JsonObject Result)
    {
        public string? Error => Result["error"]?.GetValue<string>();

        public double ResponsesPerSecond => Number("responsesPerSecond");

        public double FlowModsPerSecond => Number("flowModsPerSecond");

        public double PacketOutsPerSecond => Number("packetOutsPerSecond");

        public double AnsweredPerSecond => Result["latency"]?["answeredPerSecond"]?.GetValue<double>() ?? 0;

        public double P50Ms => Result["latency"]?["p50Ms"]?.GetValue<double>() ?? double.NaN;

        public double P99Ms => Result["latency"]?["p99Ms"]?.GetValue<double>() ?? double.NaN;

        private double Number(string name) => Result[name]?.GetValue<double>() ?? 0;
    }

    /// <summary>Forwards build progress with the experiment's prefix.</summary>
    private sealed class Progress(ExperimentContext context, IExperiment experiment) : IProgress<string>
    {
        public void Report(string value) => context.Report(experiment, value);
    }
}
