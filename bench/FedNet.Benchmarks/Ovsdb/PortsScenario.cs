using System.Diagnostics;
using FedNet.Ovsdb;
using FedNet.Ovsdb.Ensure;

namespace FedNet.Benchmarks.Ovsdb;

/// <summary>Creating N ports on a bridge: FedNet's ensure (one transaction) vs ovs-vsctl once per port vs one batched ovs-vsctl.</summary>
public sealed class PortsScenario : IScenario
{
    public string Name => "ovsdb-ports";
    public string Description => "1,000 ports: FedNet one transaction vs ovs-vsctl per port vs one batched ovs-vsctl [--ports N]";

    public async Task<int> RunAsync(string[] args)
    {
        var n = args is ["--ports", var v, ..] ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 1000;
        using var server = new PrivateOvsdbServer();
        var ports = Enumerable.Range(0, n).Select(i => $"p{i}").ToArray();

        await using var sw = await OvsdbVswitch.ConnectAsync(server.Target);
        var desired = new OvsdbDesiredState([new DesiredBridge("br-fednet") { Ports = [.. ports.Select(p => DesiredPort.System("f" + p))] }]);
        var t = Stopwatch.StartNew();
        var plan = sw.Plan(desired, "bench");
        Console.WriteLine($"(planning alone: {t.Elapsed.TotalMilliseconds:F0} ms for {plan.WriteOperations} write ops)");
        t.Restart();
        var r = await sw.EnsureAsync(desired, "bench");
        var fednet = t.Elapsed;
        Console.WriteLine($"FedNet ensure: {r.Inserted} rows inserted in {r.WriteOperations} write ops, 1 transaction: {fednet.TotalMilliseconds:F0} ms");

        server.Vsctl("add-br", "br-batch");
        var batch = new List<string>();
        foreach (var p in ports)
            batch.AddRange(["--", "add-port", "br-batch", "b" + p]);
        t.Restart();
        server.Vsctl([.. batch.Skip(1)]);
        var batched = t.Elapsed;
        Console.WriteLine($"ovs-vsctl, one batched call: {batched.TotalMilliseconds:F0} ms");

        server.Vsctl("add-br", "br-each");
        t.Restart();
        foreach (var p in ports)
            server.Vsctl("add-port", "br-each", "e" + p);
        var each = t.Elapsed;
        Console.WriteLine($"ovs-vsctl, one call per port: {each.TotalMilliseconds:F0} ms");

        var count = server.Vsctl("list-ports", "br-fednet").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        if (count != n)
        {
            Console.Error.WriteLine($"expected {n} ports on br-fednet, ovs-vsctl lists {count}");
            return 70;
        }
        Console.WriteLine($"ratio per-port ovs-vsctl / FedNet: {each / fednet:F1}x; batched ovs-vsctl / FedNet: {batched / fednet:F2}x");
        return 0;
    }
}
