using System.Diagnostics;
using System.Globalization;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.Lab;

/// <summary>
/// <c>scenario lab-up [--rounds R]</c>: times <c>./fednet lab up</c> and <c>lab down</c> of the paper federation (7 nodes +
/// 1 VPLS, so 8 Open vSwitch instances, 3 WAN emulators, segments, router) against the baseline of starting the same 8
/// bare Open vSwitch instances one after another with the test fixture (<c>OvsInstance.Start</c>), and checks the WAN
/// emulator with ping between the kuas and ntust gateways (configured 6 ms one way). Medians of R rounds (default 3).
/// The CLI is driven as a user would, through the <c>./fednet</c> script, so this also needs the CLI to build.
/// </summary>
public sealed class LabUpScenario : IScenario
{
    private const string Id = "bench";

    public string Name => "lab-up";

    public string Description => "fednet lab up/down of the paper federation vs starting its 8 bare OVS instances one by one";

    public Task<int> RunAsync(string[] args)
    {
        var rounds = args is ["--rounds", var r, ..] ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
        var repo = RepositoryRoot();
        var fednet = Path.Combine(repo, "fednet");
        var paper = Path.Combine(repo, "examples", "federation-paper.yaml");
        // The first run builds the CLI (minutes on a busy machine): outside the timings and the fixture's 60 s limit.
        using (var build = Process.Start(new ProcessStartInfo(fednet, "lab down --id " + Id) { UseShellExecute = false })!)
            build.WaitForExit();

        var up = new List<double>();
        var down = new List<double>();
        var rtts = new List<double>();
        var baseline = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            up.Add(Time(() => Shell.Run(fednet, "lab", "up", "--id", Id, "-f", paper)));
            var ping = Shell.Run(fednet, "lab", "exec", "--id", Id, "kuas-gw", "--", "ping", "-n", "-c", "50", "-i", "0.02", "172.16.0.3");
            rtts.AddRange(ping.Split('\n')
                .Select(l => l.IndexOf("time=", StringComparison.Ordinal) is var k and >= 0 ? l[(k + 5)..].Split(' ')[0] : null)
                .Where(t => t is not null)
                .Select(t => double.Parse(t!, CultureInfo.InvariantCulture)));
            down.Add(Time(() => Shell.Run(fednet, "lab", "down", "--id", Id)));
            baseline.Add(Time(() =>
            {
                var instances = new List<OvsInstance>();
                try
                {
                    for (var n = 0; n < 8; n++)
                        instances.Add(OvsInstance.Start());
                }
                finally
                {
                    foreach (var o in instances)
                        o.Dispose();
                }
            }));
        }
        Console.WriteLine($"lab-up: paper federation, {rounds} rounds, {Environment.ProcessorCount} cores, load {Load()}");
        Console.WriteLine($"  fednet lab up            {Median(up),7:0.00} s   (budget 20 s)");
        Console.WriteLine($"  fednet lab down          {Median(down),7:0.00} s");
        Console.WriteLine($"  baseline: 8 bare OVS started and stopped one by one {Median(baseline),7:0.00} s");
        Console.WriteLine($"  ratio baseline / lab up  {Median(baseline) / Median(up),7:0.00}" +
            "  (above 1: the whole lab comes up faster than its bare switches one by one)");
        Console.WriteLine($"  WAN kuas-gw -> ntust-gw (configured 2 x 6 ms): ping RTT min {rtts.Min():0.00} ms, " +
            $"median {Median(rtts):0.00} ms, p90 {rtts.Order().ElementAt((int)(rtts.Count * 0.9)):0.00} ms over {rtts.Count} pings");
        return Task.FromResult(0);
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "fednet")) && File.Exists(Path.Combine(dir.FullName, "FedNet.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("the repository (with ./fednet) is not above " + AppContext.BaseDirectory);
    }
}
