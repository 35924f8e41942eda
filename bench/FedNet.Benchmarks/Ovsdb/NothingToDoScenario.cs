using System.Diagnostics;
using FedNet.Ovsdb;
using FedNet.Ovsdb.Ensure;

namespace FedNet.Benchmarks.Ovsdb;

/// <summary>
/// An unchanged desired set of 10,000 rows (1 bridge, 4,999 ports with one interface each, plus the bridge's own port):
/// how long FedNet takes to decide "nothing to do", vs reading the same state with ovs-vsctl.
/// </summary>
public sealed class NothingToDoScenario : IScenario
{
    public string Name => "ovsdb-nothing-to-do";
    public string Description => "unchanged 10,000-row desired set: time for FedNet to decide nothing to do (aim < 50 ms)";

    public async Task<int> RunAsync(string[] args)
    {
        using var server = new PrivateOvsdbServer();
        await using var sw = await OvsdbVswitch.ConnectAsync(server.Target);
        var desired = new OvsdbDesiredState([new DesiredBridge("br-int")
        {
            Ports = [DesiredPort.Internal("br-int"), .. Enumerable.Range(1, 4999).Select(i => DesiredPort.System($"vif{i}") with { Tag = 1 + (i % 4000) })],
        }]);
        var created = await sw.EnsureAsync(desired, "bench");
        Console.WriteLine($"set up: {created.Inserted} rows inserted");

        var times = new List<double>();
        var cpu = new List<double>();
        var sent = sw.Client.TransactionsSent;
        var self = Process.GetCurrentProcess();
        for (var i = 0; i < 21; i++)
        {
            self.Refresh();
            var c0 = self.TotalProcessorTime;
            var t = Stopwatch.StartNew();
            var r = await sw.EnsureAsync(desired, "bench");
            times.Add(t.Elapsed.TotalMilliseconds);
            self.Refresh();
            cpu.Add((self.TotalProcessorTime - c0).TotalMilliseconds);
            if (!r.InSync)
            {
                Console.Error.WriteLine($"run {i} was not in sync: {r}");
                return 70;
            }
        }
        if (sw.Client.TransactionsSent != sent)
        {
            Console.Error.WriteLine("a write-free ensure sent a transaction");
            return 70;
        }
        times.Sort();
        cpu.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"FedNet ensure, nothing to do: median {median:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms over {times.Count} runs, 0 transactions sent");
        Console.WriteLine($"  CPU time per decision (process, all threads): median {cpu[cpu.Count / 2]:F1} ms, min {cpu[0]:F1} ms");
        Console.WriteLine($"  machine load average while measuring: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");

        var v = Stopwatch.StartNew();
        server.Vsctl("--format=json", "list", "Port");
        server.Vsctl("--format=json", "list", "Interface");
        var vsctl = v.Elapsed.TotalMilliseconds;
        Console.WriteLine($"baseline: ovs-vsctl reading Port and Interface (no comparing yet): {vsctl:F0} ms");
        Console.WriteLine($"ratio baseline / FedNet: {vsctl / median:F1}x; aim < 50 ms: {(median < 50 ? "met" : "MISSED")}");
        return 0;
    }
}
