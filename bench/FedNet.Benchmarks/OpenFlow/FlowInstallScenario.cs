using System.Diagnostics;
using System.Globalization;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Connections;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.OpenFlow;

/// <summary>
/// <c>scenario flow-install [--flows N] [--rounds R]</c>: installs N flows (default 100,000) into a private userspace
/// ovs-vswitchd three ways, each ending when the switch has confirmed them (a barrier): <c>ovs-ofctl --bundle
/// add-flows FILE</c> (the baseline; it returns after its own barrier), FedNet in one ONF bundle, and FedNet as plain
/// flow-mods. Each round starts from an empty table; the median of R rounds is reported with the ratio
/// ovs-ofctl time / FedNet time (above 1: FedNet is faster).
/// </summary>
public sealed class FlowInstallScenario : IScenario
{
    public string Name => "flow-install";

    public string Description => "100,000 flows into real ovs-vswitchd: FedNet bundled/unbundled vs ovs-ofctl --bundle add-flows";

    public async Task<int> RunAsync(string[] args)
    {
        var count = Option(args, "--flows", 100_000);
        var rounds = Option(args, "--rounds", 3);
        using var ovs = OvsInstance.Start();
        ovs.AddBridge("br0");
        var target = ovs.ManagementTarget("br0");
        var file = Path.Combine(ovs.Directory, "flows.txt");
        await File.WriteAllLinesAsync(file, FlowInstallFlows.OfctlLines(count));

        var build = Stopwatch.StartNew();
        var flows = FlowInstallFlows.FlowMods(count);
        build.Stop();
        Console.WriteLine($"flow-install: {count:N0} flows, {rounds} rounds, ovs-vswitchd {Version()} (userspace), {Environment.ProcessorCount} cores");
        Console.WriteLine($"  building {count:N0} FedNet flow-mods in memory: {build.Elapsed.TotalSeconds:0.000} s (not counted below)");

        var ofctl = new List<double>();
        var bundled = new List<double>();
        var plain = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            ofctl.Add(await TimeAsync(ovs, count, () =>
            {
                Shell.Run(ovs.Environment, "ovs-ofctl", "-O", "OpenFlow13", "--bundle", "add-flows", target, file);
                return Task.CompletedTask;
            }));
            bundled.Add(await TimeAsync(ovs, count, async () =>
            {
                await using var connection = await SwitchConnection.ConnectAsync(target);
                await using var bundle = await connection.OpenBundleAsync();
                await bundle.AddAllAsync(flows);
                await bundle.CommitAsync();
                await connection.BarrierAsync();
            }));
            plain.Add(await TimeAsync(ovs, count, async () =>
            {
                await using var connection = await SwitchConnection.ConnectAsync(target);
                await connection.SendAllAsync(flows);
                await connection.BarrierAsync();
            }));
            Console.WriteLine($"  round {r + 1}: ovs-ofctl {ofctl[^1]:0.000} s, FedNet bundled {bundled[^1]:0.000} s, FedNet unbundled {plain[^1]:0.000} s");
        }
        var o = Median(ofctl);
        Console.WriteLine($"median  ovs-ofctl --bundle add-flows : {o:0.000} s ({count / o:N0} flows/s)");
        Report("FedNet bundle (open, add, commit, barrier)", Median(bundled), o, count);
        Report("FedNet flow-mods + barrier (no bundle)", Median(plain), o, count);
        return 0;
    }

    /// <summary>Times <paramref name="install"/> from an empty switch, then checks every flow arrived and clears them.</summary>
    private static async Task<double> TimeAsync(OvsInstance ovs, int count, Func<Task> install)
    {
        ovs.Ofctl("del-flows", "br0");
        var clock = Stopwatch.StartNew();
        await install();
        clock.Stop();
        await using (var check = await SwitchConnection.ConnectAsync(ovs.ManagementTarget("br0")))
        {
            var installed = (await check.AggregateStatsAsync()).FlowCount;
            if (installed != count)
                throw new InvalidOperationException($"expected {count} flows on the switch, found {installed}");
        }
        ovs.Ofctl("del-flows", "br0");
        return clock.Elapsed.TotalSeconds;
    }

    private static void Report(string what, double seconds, double baseline, int count) =>
        Console.WriteLine($"median  {what,-42}: {seconds:0.000} s ({count / seconds:N0} flows/s), ratio ovs-ofctl/FedNet = {baseline / seconds:0.00}x");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Version() => Shell.Try("ovs-vswitchd", "--version").StandardOutput.Split('\n')[0].Split(' ')[^1];
}
