using System.Diagnostics;
using FedNet.Ovsdb;
using FedNet.Ovsdb.Replica;
using FedNet.TestSupport;

namespace FedNet.Benchmarks.Ovsdb;

/// <summary>
/// Monitor throughput: FedNet's replica and `ovsdb-client monitor` watch the Queue table while another client inserts
/// 10,000 rows (default: transactions of 1,000); reports row updates per second until each has seen them all.
/// </summary>
public sealed class MonitorScenario : IScenario
{
    public string Name => "ovsdb-monitor";
    public string Description => "replica updates/s while another client inserts 10,000 rows, vs ovsdb-client monitor [--per-txn N]";

    public async Task<int> RunAsync(string[] args)
    {
        const int rows = 10_000;
        var perTxn = args is ["--per-txn", var v, ..] ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 1000;
        using var server = new PrivateOvsdbServer();
        await using var watcher = await OvsdbClient.ConnectAsync(server.Target);
        await using var replica = await OvsdbReplica.StartAsync(watcher);
        await using var writer = await OvsdbClient.ConnectAsync(server.Target);

        // ovsdb-client as the baseline monitor, in the same run; it prints one CSV line per row update.
        var psi = new ProcessStartInfo("ovsdb-client") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--format=csv", "--no-headings", "monitor", server.Target, "Open_vSwitch", "Queue", "other_config" })
            psi.ArgumentList.Add(a);
        using var baseline = Process.Start(psi)!;
        var baselineSeen = 0;
        var baselineDone = new TaskCompletionSource<TimeSpan>();
        var clock = new Stopwatch();
        var reader = Task.Run(async () =>
        {
            while (await baseline.StandardOutput.ReadLineAsync() is { } line)
                if (line.Contains("insert", StringComparison.Ordinal) && ++baselineSeen == rows)
                    baselineDone.TrySetResult(clock.Elapsed);
        });
        await Task.Delay(500);

        var fednetDone = new TaskCompletionSource<TimeSpan>();
        replica.Changed += (_, e) =>
        {
            if (e.Snapshot.Table("Queue").Count >= rows)
                fednetDone.TrySetResult(clock.Elapsed);
        };
        var before = replica.RowUpdatesApplied;
        clock.Start();
        for (var i = 0; i < rows; i += perTxn)
        {
            var ops = Enumerable.Range(i, perTxn).Select(k => OvsdbOperation.Insert("Queue", new Dictionary<string, OvsdbDatum>
            {
                ["other_config"] = OvsdbDatum.Map(("min-rate", k.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            })).ToList();
            await writer.TransactAsync("Open_vSwitch", ops);
        }
        var written = clock.Elapsed;
        var fednet = await fednetDone.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var ovsdbClient = await baselineDone.Task.WaitAsync(TimeSpan.FromSeconds(120));
        ProcessKiller.Terminate(baseline.Id);
        await reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });

        var applied = replica.RowUpdatesApplied - before;
        Console.WriteLine($"writer: {rows} rows in {rows / perTxn} transactions, {written.TotalMilliseconds:F0} ms");
        Console.WriteLine($"FedNet replica: {applied} row updates, all seen after {fednet.TotalMilliseconds:F0} ms = {rows / fednet.TotalSeconds:F0} rows/s");
        Console.WriteLine($"ovsdb-client monitor: all seen after {ovsdbClient.TotalMilliseconds:F0} ms = {rows / ovsdbClient.TotalSeconds:F0} rows/s");
        Console.WriteLine($"lag behind the writer: FedNet {(fednet - written).TotalMilliseconds:F0} ms, ovsdb-client {(ovsdbClient - written).TotalMilliseconds:F0} ms");
        Console.WriteLine($"ratio FedNet / ovsdb-client throughput: {ovsdbClient / fednet:F2}x (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        return 0;
    }
}
