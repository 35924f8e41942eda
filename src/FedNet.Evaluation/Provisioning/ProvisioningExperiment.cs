using System.Globalization;
using System.Text.Json.Nodes;
using FedNet.Evaluation.Peers;

namespace FedNet.Evaluation.Provisioning;

/// <summary>
/// <c>provisioning</c>: 10, 100 and 1,000 networks × 4 VMs (quick: 10), described to FedNet on the paper lab and, side
/// by side on the same machine, to OVN as logical switches on 4 chassis. Per scale: FedNet's plan time, time to a
/// barrier on every switch and to the first reply of a sample of pairs; OVN's time to <c>ovn-nbctl --wait=hv</c>
/// (every chassis programmed) and to the first reply of the same sample; the ratio and the flows each installed.
/// </summary>
internal sealed class ProvisioningExperiment : IExperiment
{
    public string Id => "provisioning";

    public int Order => 100;

    public string Title => "Provisioning time vs scale: FedNet vs OVN";

    public async Task<ExperimentReport> RunAsync(ExperimentContext context, CancellationToken cancellationToken = default)
    {
        int[] scales = context.Quick ? [10] : [10, 100, 1000];
        var sampleSize = context.Quick ? 5 : 10;
        var rows = new List<Row>();
        foreach (var networks in scales)
        {
            var tag = "p" + networks.ToString(CultureInfo.InvariantCulture);
            context.Report(this, $"{networks:N0} networks × {ProvisioningWorkload.VmsPerNetwork} VMs: FedNet on lab {context.Lab(tag).Id}");
            FedNetProvisioningResult fednet;
            await using (var run = await FedNetProvisioning.StartAsync(context.Lab(tag), context.Examples, networks, null, cancellationToken).ConfigureAwait(false))
                fednet = await run.MeasureAsync(sampleSize, progress: new Prefixed(context, this, $"{networks:N0} FedNet: "), cancellationToken: cancellationToken).ConfigureAwait(false);
            context.Report(this, $"{networks:N0} networks: FedNet every switch programmed {fednet.ToBarrier.TotalSeconds:0.000} s, first pings median " +
                $"{Median(fednet.Pings):0.000} s; now OVN");
            var ovn = await OvnProvisioning.MeasureAsync(context.LabIdPrefix + "o" + networks.ToString(CultureInfo.InvariantCulture), networks, sampleSize,
                new Prefixed(context, this, $"{networks:N0} "), cancellationToken).ConfigureAwait(false);
            context.Report(this, $"{networks:N0} networks: OVN every chassis programmed {ovn.Programmed.TotalSeconds:0.000} s, first pings median {Median(ovn.Pings):0.000} s");
            rows.Add(new Row(networks, fednet, ovn));
        }
        return Report(rows, sampleSize);
    }

    private ExperimentReport Report(List<Row> rows, int sampleSize)
    {
        static string S(double s) => double.IsNaN(s) ? "—" : s.ToString("0.000", CultureInfo.InvariantCulture);
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var table = new ReportTable("Time from description to forwarding, per scale",
            ["Networks × 4 VMs", "FedNet load + plan (s)", "FedNet every switch programmed (s)", "OVN every chassis programmed (s)", "FedNet / OVN",
                "FedNet first ping, median (s)", "OVN first ping, median (s)", "First pings FedNet / OVN", "FedNet flows", "OVN flows"],
            [
                .. rows.Select(r => (IReadOnlyList<string>)
                [
                    N(r.Networks),
                    S((r.FedNet.Load + r.FedNet.Planning).TotalSeconds),
                    S(r.FedNet.ToBarrier.TotalSeconds),
                    S(r.Ovn.Programmed.TotalSeconds),
                    Statistics.Ratio(r.FedNet.ToBarrier.TotalSeconds, r.Ovn.Programmed.TotalSeconds),
                    S(Median(r.FedNet.Pings)),
                    S(Median(r.Ovn.Pings)),
                    Statistics.Ratio(Median(r.FedNet.Pings), Median(r.Ovn.Pings)),
                    N(r.FedNet.Plan.State.FlowCount),
                    N(r.Ovn.Flows.Values.Sum()),
                ]),
            ]);
        var pings = new ReportTable("First ping of each sampled pair (s from the start of provisioning)",
            ["Networks", "Pair", "FedNet path", "FedNet (s)", "FedNet ping #", "OVN (s)", "OVN ping #"],
            [
                .. rows.SelectMany(r => r.FedNet.Pings.Zip(r.Ovn.Pings, (f, o) => (IReadOnlyList<string>)
                [
                    N(r.Networks), $"{f.From} → {f.To}", f.Path, S(f.At?.TotalSeconds ?? double.NaN), f.Attempt.ToString(CultureInfo.InvariantCulture),
                    S(o.At?.TotalSeconds ?? double.NaN), o.Attempt.ToString(CultureInfo.InvariantCulture),
                ])),
            ]);
        static string T(TimeSpan? t) => t is { } v ? S(v.TotalSeconds) : "—";
        var phases = new ReportTable("Where the time goes (s from the start of the timed step)",
            ["Networks", "FedNet load", "FedNet plan", "FedNet reconcile to barrier", "OVN NB committed", "OVN northd done (SB)", "OVN every chassis (--wait=hv)"],
            [
                .. rows.Select(r => (IReadOnlyList<string>)
                [
                    N(r.Networks), S(r.FedNet.Load.TotalSeconds), S(r.FedNet.Planning.TotalSeconds), S(r.FedNet.Reconcile.Elapsed.TotalSeconds),
                    T(r.Ovn.NbCommitted), T(r.Ovn.Northd), S(r.Ovn.Programmed.TotalSeconds),
                ]),
            ]);
        var data = new JsonObject
        {
            ["sampleSize"] = sampleSize,
            ["scales"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
            {
                ["networks"] = r.Networks,
                ["vms"] = r.Networks * ProvisioningWorkload.VmsPerNetwork,
                ["fednet"] = new JsonObject
                {
                    ["loadSeconds"] = r.FedNet.Load.TotalSeconds,
                    ["planSeconds"] = r.FedNet.Planning.TotalSeconds,
                    ["reconcileSeconds"] = r.FedNet.Reconcile.Elapsed.TotalSeconds,
                    ["programmedSeconds"] = r.FedNet.ToBarrier.TotalSeconds,
                    ["appliedSeconds"] = r.FedNet.Applied.TotalSeconds,
                    ["switches"] = r.FedNet.Plan.State.Switches.Count,
                    ["flows"] = r.FedNet.Plan.State.FlowCount,
                    ["flowMods"] = r.FedNet.Reconcile.FlowMods,
                    ["ovsdbWrites"] = r.FedNet.Reconcile.OvsdbWrites,
                    ["flowsPerSwitch"] = FlowsPerSwitch(r.FedNet),
                    ["pings"] = Pings(r.FedNet.Pings),
                },
                ["ovn"] = new JsonObject
                {
                    ["bindSeconds"] = r.Ovn.Bind.TotalSeconds,
                    ["programmedSeconds"] = r.Ovn.Programmed.TotalSeconds,
                    ["nbCommittedSeconds"] = r.Ovn.NbCommitted?.TotalSeconds,
                    ["northdSeconds"] = r.Ovn.Northd?.TotalSeconds,
                    ["flows"] = r.Ovn.Flows.Values.Sum(),
                    ["flowsPerChassis"] = new JsonObject([.. r.Ovn.Flows.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))]),
                    ["pings"] = Pings(r.Ovn.Pings),
                    ["pids"] = new JsonArray([.. r.Ovn.Pids.Select(p => (JsonNode?)p)]),
                    ["namespaces"] = new JsonArray([.. r.Ovn.Namespaces.Select(n => (JsonNode?)n)]),
                    ["directory"] = r.Ovn.Directory,
                },
            })]),
        };
        return new ExperimentReport(Id, Title,
        [
            $"Workload at each scale: N networks (N = {string.Join(", ", rows.Select(r => N(r.Networks)))}) × 4 VMs, one VM of every network on each of kuas-rack1, kuas-rack2 (KUAS), ncku-h1 (NCKU) and ntust-h1 (NTUST), so every network spans LAN, VPLS, GRE and the two-transit path; generated in code (ProvisioningWorkload).",
            "FedNet: the paper federation as a lab (7 switches: 5 hosts, 2 gateways; private VLAN ranges widened to 1,000 per site). Timed from the start of loading the generated YAML: load + validate, plan, then one controller reconciling every switch from empty (OVSDB bridges and ports, flows in one bundle per switch) until each acknowledged a barrier. The sampled VMs' namespaces were bound first (not timed); the other vifs are OVS ports whose device does not exist (their flows are installed all the same). The controller's JIT is warm (an untimed plan of the same input came first).",
            "OVN 23.03 side by side on the same machine, one run after FedNet's lab is down: central (NB, SB, ovn-northd) in the root namespace and 4 chassis (one per lab host that holds VMs), each in its own namespace with its own ovsdb-server, userspace ovs-vswitchd and ovn-controller, rather than inside the lab's host namespaces (their ovs-vswitchd already runs FedNet's br-int, and sharing it would mix the two systems' flows and CPU). One logical switch per network, its 4 logical ports (MAC + IP) bound to OVS ports on the chassis where FedNet places those VMs: a veth into a VM namespace for sampled VMs, OVS internal ports for the others, all created before the clock starts. Timed: one `ovn-nbctl --wait=hv` transaction (every chassis has programmed the change), then the sample's first pings.",
            "OVN has no notion of FedNet's gateways, VPLS or private VLANs: its chassis reach each other over geneve on a plain underlay (a Linux bridge, no WAN delay), so every OVN pair crosses one geneve tunnel while FedNet's cross sites through gateways, a VPLS with 4 ms emulated delay, GRE and a two-transit path. The comparison is \"logical networks of this size, from description to forwarding\", not identical topologies.",
            $"First ping: {sampleSize} pairs spread over the networks (LAN, VPLS, GRE, two-transit, GRE back on FedNet), the same VM pairs on OVN; each pair pings once per attempt (-W 2 s) until it answers, starting when the programming step returned. Times are from the start of the timed step.",
            "OVN's phases are read by polling NB_Global (nb_cfg, sb_cfg) every 100 ms with ovsdb-client while the transaction runs, so they are accurate to about 0.1 s plus the poll's own cost; FedNet's are its own clocks. FedNet's columns are durations of each step, OVN's are times since the start.",
            "Flows: FedNet's are the planned flows on its 7 switches (all installed: flow-mods = flows); OVN's are the OpenFlow flows on the 4 chassis' br-int afterwards (flow_count of `ovs-ofctl dump-aggregate`).",
            "Two cores shared by all of each system's daemons (load average at the start in the header): absolute times are upper bounds that move with the load; the systems ran one after the other at each scale.",
        ],
        [table, phases, pings],
        [
            new ReportPlot("time-vs-scale", "Time to every switch/chassis programmed and to first ping vs scale (log-log)", p =>
            {
                // Log scales by hand (ScottPlot plots linear data): log10 of every value, ticks labelled with the values.
                var xs = rows.Select(r => Math.Log10(r.Networks)).ToArray();
                double[] Log(Func<Row, double> seconds) => [.. rows.Select(r => Math.Log10(Math.Max(seconds(r), 0.001)))];
                p.Add.Scatter(xs, Log(r => r.FedNet.ToBarrier.TotalSeconds)).LegendText = "FedNet: every switch programmed";
                p.Add.Scatter(xs, Log(r => r.Ovn.Programmed.TotalSeconds)).LegendText = "OVN: ovn-nbctl --wait=hv";
                p.Add.Scatter(xs, Log(r => Median(r.FedNet.Pings))).LegendText = "FedNet: first ping (median)";
                p.Add.Scatter(xs, Log(r => Median(r.Ovn.Pings))).LegendText = "OVN: first ping (median)";
                p.Axes.Bottom.SetTicks(xs, [.. rows.Select(r => N(r.Networks))]);
                p.Axes.Left.SetTicks([-1, 0, 1, 2, 3], ["0.1", "1", "10", "100", "1,000"]);
                p.Axes.Bottom.Label.Text = "networks × 4 VMs (log scale)";
                p.Axes.Left.Label.Text = "seconds (log scale)";
                p.Axes.Title.Label.Text = "Provisioning: FedNet vs OVN";
                p.ShowLegend(ScottPlot.Alignment.UpperLeft);
            }),
        ],
        [
            "FedNet plans centrally and pushes final flows to each switch in one bundle; OVN compiles the NB transaction into logical flows (ovn-northd) that each ovn-controller translates into OpenFlow for its own chassis, so both have a compile step and a per-switch install step.",
        ],
        data);
    }

    private static JsonObject FlowsPerSwitch(FedNetProvisioningResult r) =>
        new([.. r.Plan.State.Switches.Values.Select(s => KeyValuePair.Create(s.Id.ToString(), (JsonNode?)s.FlowCount))]);

    private static JsonArray Pings(IReadOnlyList<FirstPing> pings) =>
        new([.. pings.Select(p => (JsonNode?)new JsonObject
        {
            ["from"] = p.From,
            ["to"] = p.To,
            ["path"] = p.Path,
            ["reached"] = p.Reached,
            ["seconds"] = p.At?.TotalSeconds,
            ["attempt"] = p.Attempt,
        })]);

    private static double Median(IReadOnlyList<FirstPing> pings) =>
        pings.Any(p => p.Reached) ? Statistics.Summarize(pings.Where(p => p.Reached).Select(p => p.At!.Value.TotalSeconds)).Median : double.NaN;

    private sealed record Row(int Networks, FedNetProvisioningResult FedNet, OvnProvisioningResult Ovn);

    /// <summary>Forwards a step's progress lines to the context, prefixed.</summary>
    private sealed class Prefixed(ExperimentContext context, IExperiment experiment, string prefix) : IProgress<string>
    {
        public void Report(string value) => context.Report(experiment, prefix + value);
    }
}
