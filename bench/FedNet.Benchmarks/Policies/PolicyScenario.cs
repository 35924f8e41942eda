using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FedNet.Benchmarks.Control;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.Policies;

/// <summary>
/// <c>scenario policy [--rates 10,30,50] [--seconds S] [--id LAB]</c>: the paper lab with examples/policy-vpls.yaml; for
/// each rate the policy on network <c>limited</c> (across the kuas-ncku VPLS) is re-planned and applied, then iperf3 TCP
/// (S seconds after 1 omitted) runs across the metered path and, in the same run, across the open network beside it
/// (the baseline). Prints goodput, the tagged-frame rate the meter counts (goodput × 1518 / MSS) and its error against
/// the rate, the open network's goodput and open / limit.
/// </summary>
public sealed class PolicyScenario : IScenario
{
    public string Name => "policy";

    public string Description => "paper lab, policy-vpls.yaml: iperf3 across the metered VPLS at several rates vs the open network beside it";

    public async Task<int> RunAsync(string[] args)
    {
        var seconds = ScenarioArgs.Int(args, "--seconds", 4);
        var ratesIndex = Array.IndexOf(args, "--rates");
        var rates = (ratesIndex >= 0 && ratesIndex + 1 < args.Length ? args[ratesIndex + 1] : "10,30,50")
            .Split(',').Select(r => long.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var idIndex = Array.IndexOf(args, "--id");
        var labId = idIndex >= 0 && idIndex + 1 < args.Length ? args[idIndex + 1] : "bpol";
        var examples = RestartScenario.ExamplesDirectory();
        var federationPath = Path.Combine(examples, "federation-paper.yaml");
        Console.WriteLine($"policy: paper lab '{labId}', policy-vpls.yaml, rates {string.Join(", ", rates)} Mbit/s, {seconds} s of iperf3 " +
            $"each, {Environment.ProcessorCount} cores");

        var lab = new FederationLab(new LabOptions { Id = labId, FednetCommand = ["dotnet", FednetCli.DllPath] });
        try
        {
            await lab.UpAsync(LabTopology.Load(federationPath));
            var set = LabDeployment.Load(federationPath, [Path.Combine(examples, "policy-vpls.yaml")]);
            await using var controller = new FedNetController(NodeEndpoint.FromLab(lab.ReadState()));
            var (plan, report) = await LabDeployment.DeployAsync(lab, set, controller);
            if (!report.Succeeded)
            {
                Console.WriteLine($"  reconcile FAILED: {string.Join("; ", report.Failed)}");
                return 1;
            }
            var state = lab.ReadState();
            var vifs = VifPlacement.All(plan);
            string Ns(string vm) => state.Vm(vm)!.Namespace;
            string Ip(string vm) => vifs.Single(v => v.Name == vm).IpText;

            Console.WriteLine($"  {"rate",9} {"goodput",12} {"frames",12} {"error",7} {"open",12} {"open/rate",9}  burst");
            var service = plan.Services[new ServiceKey("qos", "wan")];
            foreach (var mbit in rates)
            {
                var policies = ValueList.From(service.Policies.Select(p => p.Name == "limited-wan" ? p with { Rate = mbit * 1_000_000 } : p));
                var update = Planner.Plan(plan, new UpsertService(service with { Policies = policies }));
                var applied = await controller.ApplyAsync(update.Plan);
                if (!applied.Succeeded)
                {
                    Console.WriteLine($"  reconcile FAILED at {mbit} Mbit/s: {string.Join("; ", applied.Failed)}");
                    return 1;
                }
                plan = update.Plan;
                var meter = plan.State.Switches.Values.SelectMany(s => s.Meters.Values).First();
                var (goodput, mss) = await ThroughputAsync(Ns("qos.l-kuas"), Ns("qos.l-ncku"), Ip("qos.l-ncku"), seconds);
                var (open, _) = await ThroughputAsync(Ns("qos.o-kuas"), Ns("qos.o-ncku"), Ip("qos.o-ncku"), seconds);
                var frames = goodput * 1518 / mss;
                var limit = mbit * 1e6;
                Console.WriteLine($"  {mbit,4} Mb/s {goodput / 1e6,7:0.00} Mb/s {frames / 1e6,7:0.00} Mb/s {(frames - limit) / limit * 100,6:+0.0;-0.0;0.0}% " +
                    $"{open / 1e6,7:0.00} Mb/s {open / limit,9:0.0}  {meter.BurstKbits} kbit");
            }
            return 0;
        }
        finally
        {
            await lab.DownAsync();
        }
    }

    /// <summary>iperf3 TCP goodput (receiver side, first second omitted) and the MSS, to a one-shot server in <paramref name="toNs"/>.</summary>
    private static async Task<(double Goodput, int Mss)> ThroughputAsync(string fromNs, string toNs, string ip, int seconds)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", toNs, "iperf3", "-s", "-1", "-p", "5401" })
            psi.ArgumentList.Add(a);
        using var server = Process.Start(psi) ?? throw new InvalidOperationException("cannot start iperf3 (install iperf3)");
        try
        {
            await Task.Delay(500);
            var run = Shell.Try("ip", "netns", "exec", fromNs, "iperf3", "-c", ip, "-p", "5401", "-t",
                seconds.ToString(CultureInfo.InvariantCulture), "-O", "1", "-J");
            using var doc = JsonDocument.Parse(run.EnsureSuccess().StandardOutput);
            return (doc.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble(),
                doc.RootElement.GetProperty("start").GetProperty("tcp_mss_default").GetInt32());
        }
        finally
        {
            if (!server.HasExited)
                ProcessKiller.Terminate(server.Id);
        }
    }
}
