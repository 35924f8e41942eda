using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FedNet.Benchmarks.Control;
using FedNet.Control;
using FedNet.Lab;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.BridgePerNetwork;

/// <summary>
/// <c>scenario drivers [--pings N] [--seconds S] [--id LAB]</c>: the paper's two approaches on the same lab, one after the
/// other: examples/federation-paper.yaml (every host on the <c>ovs</c> driver, the VLAN approach: the baseline) and
/// examples/federation-paper-vswitches.yaml (every host on <c>bridge-per-network</c>, the vSwitches approach), each with
/// elearning + the two tenants applied by the controller. Measured per path kind (LAN, VPLS, GRE, two-hop) on the same
/// VM pair in both runs: ping RTT (N pings 50 ms apart, after one unmeasured ping; median of the per-ping RTTs) and, on
/// LAN and VPLS, TCP throughput (iperf3, S seconds). Prints vSwitches / VLAN ratios.
/// </summary>
public sealed class DriversScenario : IScenario
{
    private static readonly PathKind[] Paths = [PathKind.Lan, PathKind.Vpls, PathKind.Gre, PathKind.MultiHop];

    public string Name => "drivers";

    public string Description => "paper lab, elearning + two tenants: ping RTT and iperf3 per path, bridge-per-network vs ovs driver";

    public async Task<int> RunAsync(string[] args)
    {
        var pings = ScenarioArgs.Int(args, "--pings", 40);
        var seconds = ScenarioArgs.Int(args, "--seconds", 5);
        var idIndex = Array.IndexOf(args, "--id");
        var labId = idIndex >= 0 && idIndex + 1 < args.Length ? args[idIndex + 1] : "bdrv";
        var examples = RestartScenario.ExamplesDirectory();
        Console.WriteLine($"drivers: paper lab '{labId}', elearning + two tenants, {pings} pings and {seconds} s of iperf3 per path, " +
            $"{Environment.ProcessorCount} cores");

        var vlan = await MeasureAsync(labId, Path.Combine(examples, "federation-paper.yaml"), examples, pings, seconds);
        var vswitches = await MeasureAsync(labId, Path.Combine(examples, "federation-paper-vswitches.yaml"), examples, pings, seconds);
        if (vlan is null || vswitches is null)
            return 1;

        Console.WriteLine();
        Console.WriteLine($"  {"path",-9} {"pair",-44} {"RTT ovs",9} {"RTT bpn",9} {"ratio",6} {"TCP ovs",11} {"TCP bpn",11} {"ratio",6}");
        foreach (var kind in Paths)
        {
            if (!vlan.TryGetValue(kind, out var a) || !vswitches.TryGetValue(kind, out var b))
                continue;
            var tcp = a.Mbps is { } ma && b.Mbps is { } mb
                ? $"{ma,7:0} Mb/s {mb,7:0} Mb/s {mb / ma,6:0.00}"
                : $"{"-",11} {"-",11} {"-",6}";
            Console.WriteLine($"  {kind,-9} {a.Pair,-44} {a.RttMs,6:0.000} ms {b.RttMs,6:0.000} ms {b.RttMs / a.RttMs,6:0.00} {tcp}");
        }
        return 0;
    }

    private sealed record PathFigures(string Pair, double RttMs, double? Mbps);

    private static async Task<Dictionary<PathKind, PathFigures>?> MeasureAsync(string labId, string federationPath, string examples,
        int pings, int seconds)
    {
        Console.WriteLine($"  {Path.GetFileName(federationPath)}:");
        var lab = new FederationLab(new LabOptions { Id = labId, FednetCommand = ["dotnet", FednetCli.DllPath] });
        try
        {
            await lab.UpAsync(LabTopology.Load(federationPath));
            var set = LabDeployment.Load(federationPath, [Path.Combine(examples, "elearning.yaml"), Path.Combine(examples, "two-tenants-same-subnet.yaml")]);
            await using var controller = new FedNetController(NodeEndpoint.FromLab(lab.ReadState()));
            var (plan, report) = await LabDeployment.DeployAsync(lab, set, controller);
            if (!report.Succeeded)
            {
                Console.WriteLine($"    reconcile FAILED: {string.Join("; ", report.Failed)}");
                return null;
            }
            var state = lab.ReadState();
            var vifs = VifPlacement.All(plan);
            var result = new Dictionary<PathKind, PathFigures>();
            foreach (var kind in Paths)
            {
                // The first pair of that kind in name order whose VMs and network no rate policy touches (a policy limits
                // the pair on ovs hosts but the whole vif on learning-bridge hosts): the same pair in both federations.
                var pair = vifs.SelectMany(a => vifs.Where(b => b != a && b.Network == a.Network).Select(b => (From: a, To: b)))
                    .Where(p => Reachability.PathOf(plan, p.From, p.To) == kind)
                    .OrderBy(p => Limited(plan, p.From) || Limited(plan, p.To) ? 1 : 0)
                    .FirstOrDefault();
                if (pair.From is null)
                    continue;
                var fromNs = state.Vm(pair.From.Name)!.Namespace;
                var toNs = state.Vm(pair.To.Name)!.Namespace;
                var rtt = Rtt(fromNs, pair.To.IpText, pings);
                double? mbps = kind is PathKind.Lan or PathKind.Vpls ? await ThroughputAsync(fromNs, toNs, pair.To.IpText, seconds) : null;
                var name = $"{pair.From.Name} -> {pair.To.Name}";
                Console.WriteLine($"    {kind,-9} {name,-44} RTT {rtt:0.000} ms" + (mbps is { } m ? $", TCP {m:0} Mb/s" : ""));
                result[kind] = new PathFigures(name, rtt, mbps);
            }
            return result;
        }
        finally
        {
            await lab.DownAsync();
        }
    }

    /// <summary>True when a rate policy applies to <paramref name="v"/>'s network (a VM-pair policy applies to the networks both VMs share).</summary>
    private static bool Limited(FedNet.Planning.NetworkPlan plan, VifPlacement v) =>
        plan.Services.Values.Any(s => s.Tenant == v.Network.Tenant && s.Name == v.Network.Service && s.Policies.Any(p =>
            p.Network == v.Network.Network
            || (p.Between is { } between && between.Contains(v.Vif.Vm.Vm)
                && between.All(vm => s.Vms.Any(x => x.Name == vm && x.Interfaces.Any(i => i.Network == v.Network.Network))))));

    /// <summary>Median RTT of <paramref name="count"/> pings (one unmeasured ping first, so ARP is not in the figure).</summary>
    private static double Rtt(string ns, string ip, int count)
    {
        Shell.Try("ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", "1", "-W", "2", ip);
        var output = Shell.Run("ip", "netns", "exec", ns, "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.05", "-W", "2", ip);
        var rtts = output.Split('\n')
            .Select(l => l.IndexOf("time=", StringComparison.Ordinal) is var i and >= 0 ? l[(i + 5)..].Split(' ')[0] : null)
            .Where(t => t is not null)
            .Select(t => double.Parse(t!, CultureInfo.InvariantCulture))
            .ToList();
        return rtts.Count == 0 ? double.NaN : ScenarioArgs.Median(rtts);
    }

    /// <summary>iperf3 TCP throughput (receiver side) from <paramref name="fromNs"/> to a one-shot server in <paramref name="toNs"/>.</summary>
    private static async Task<double> ThroughputAsync(string fromNs, string toNs, string ip, int seconds)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", toNs, "iperf3", "-s", "-1" })
            psi.ArgumentList.Add(a);
        using var server = Process.Start(psi) ?? throw new InvalidOperationException("cannot start iperf3 (install iperf3)");
        try
        {
            await Task.Delay(500);
            var json = Shell.Run("ip", "netns", "exec", fromNs, "iperf3", "-c", ip, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J");
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e6;
        }
        finally
        {
            if (!server.WaitForExit(5000))
                ProcessKiller.Terminate(server.Id);
        }
    }
}
