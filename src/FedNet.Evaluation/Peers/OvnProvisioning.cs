using System.Diagnostics;
using System.Globalization;
using FedNet.Evaluation.Provisioning;

namespace FedNet.Evaluation.Peers;

/// <summary>
/// OVN's side of the provisioning measurement: the same workload as <see cref="ProvisioningWorkload"/> as logical
/// switches and ports. One chassis per lab host that holds VMs (kuas-rack1, kuas-rack2, ncku-h1, ntust-h1), one
/// logical switch per network, its 4 logical ports bound to OVS ports on the chassis where FedNet places those VMs
/// (sampled VMs: a veth into a namespace; the others: OVS internal ports). Bindings exist before the clock starts; timed
/// is one <c>ovn-nbctl --wait=hv</c> transaction (every chassis programmed), then the first reply of each sampled pair.
/// </summary>
public static class OvnProvisioning
{
    /// <summary>Brings up a cluster with id <paramref name="id"/>, measures <paramref name="networks"/> networks, tears it down.</summary>
    public static async Task<OvnProvisioningResult> MeasureAsync(string id, int networks, int sampleSize, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var hosts = ProvisioningWorkload.Hosts;
        await using var cluster = await OvnCluster.StartAsync(id, hosts, progress, cancellationToken).ConfigureAwait(false);
        var sample = ProvisioningWorkload.SampleIndexes(networks, sampleSize);
        var sampled = sample.SelectMany(s => new[] { (s.Network, s.From), (s.Network, s.To) }).ToHashSet();

        var bind = Stopwatch.StartNew();
        var namespaces = new Dictionary<(int, int), string>();
        foreach (var (network, k) in sampled.Order())
        {
            namespaces[(network, k)] = await cluster.AddVmAsync(cluster.Chassis[k % hosts.Count], ProvisioningWorkload.VmName(network, k),
                Mac(network, k), Ip(network, k) + "/24", cancellationToken).ConfigureAwait(false);
        }
        await Task.WhenAll(cluster.Chassis.Select((c, ci) =>
        {
            var args = new List<string>();
            for (var i = 0; i < networks; i++)
            {
                for (var k = ci; k < ProvisioningWorkload.VmsPerNetwork; k += hosts.Count)
                {
                    if (sampled.Contains((i, k)))
                        continue;
                    var port = $"p{i}x{k}";
                    args.AddRange(["--", "add-port", "br-int", port, "--", "set", "interface", port, "type=internal",
                        $"external_ids:iface-id={ProvisioningWorkload.VmName(i, k)}"]);
                }
            }
            return args.Count == 0 ? Task.CompletedTask : OvnCluster.VsctlAsync(c, ["--timeout=300", .. args.Skip(1)], cancellationToken);
        })).ConfigureAwait(false);
        bind.Stop();
        progress?.Report($"OVN: {networks * ProvisioningWorkload.VmsPerNetwork:N0} OVS ports bound on {hosts.Count} chassis in {bind.Elapsed.TotalSeconds:0.00} s (not counted)");

        var nb = new List<string> { "--wait=hv", "--timeout=600" };
        for (var i = 0; i < networks; i++)
        {
            nb.AddRange(["--", "ls-add", $"ls{i}"]);
            for (var k = 0; k < ProvisioningWorkload.VmsPerNetwork; k++)
            {
                var lsp = ProvisioningWorkload.VmName(i, k);
                nb.AddRange(["--", "lsp-add", $"ls{i}", lsp, "--", "lsp-set-addresses", lsp, $"{Mac(i, k)} {Ip(i, k)}"]);
            }
        }
        nb.RemoveAt(2); // the first "--"
        var target = (await ReadCfgAsync(cluster, cancellationToken).ConfigureAwait(false)).Nb + 1;
        var clock = Stopwatch.StartNew();
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var phases = PollPhasesAsync(cluster, target, clock, stopPolling.Token);
        await cluster.NbctlAsync(nb, cancellationToken).ConfigureAwait(false);
        var programmed = clock.Elapsed;
        await stopPolling.CancelAsync().ConfigureAwait(false);
        var (nbCommitted, northd) = await phases.ConfigureAwait(false);
        progress?.Report($"OVN: ovn-nbctl --wait=hv ({networks:N0} logical switches, {networks * ProvisioningWorkload.VmsPerNetwork:N0} ports) " +
            $"returned after {programmed.TotalSeconds:0.000} s");

        var pings = await Task.WhenAll(sample.Select(async s =>
        {
            var ns = namespaces[(s.Network, s.From)];
            var ip = Ip(s.Network, s.To);
            for (var attempt = 1; attempt <= 30; attempt++)
            {
                var (exit, _, _) = await OvnShell.TryAsync(null, ["ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", "1", "-W", "2", ip], cancellationToken)
                    .ConfigureAwait(false);
                if (exit == 0)
                    return new FirstPing(ProvisioningWorkload.Endpoint(s.Network, s.From), ProvisioningWorkload.Endpoint(s.Network, s.To), "Geneve", clock.Elapsed, attempt);
            }
            return new FirstPing(ProvisioningWorkload.Endpoint(s.Network, s.From), ProvisioningWorkload.Endpoint(s.Network, s.To), "Geneve", null, 0);
        })).ConfigureAwait(false);

        var flows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in cluster.Chassis)
            flows[c.Name] = await OvnCluster.CountFlowsAsync(c, cancellationToken).ConfigureAwait(false);
        return new OvnProvisioningResult(networks, bind.Elapsed, programmed, nbCommitted, northd, pings, flows, cluster.Pids.ToArray(), cluster.Namespaces.ToArray(), cluster.Directory);
    }

    /// <summary>
    /// Watches NB_Global while the transaction runs (every 100 ms, with ovsdb-client, which reads that one table): when
    /// nb_cfg reaches <paramref name="target"/> the NB transaction has committed; when sb_cfg does, ovn-northd has
    /// translated it into the SB database. hv_cfg (every chassis) is what <c>--wait=hv</c> itself waits for.
    /// </summary>
    private static async Task<(TimeSpan? NbCommitted, TimeSpan? Northd)> PollPhasesAsync(OvnCluster cluster, long target, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        TimeSpan? nb = null, sb = null;
        try
        {
            while (sb is null)
            {
                var cfg = await ReadCfgAsync(cluster, cancellationToken).ConfigureAwait(false);
                if (nb is null && cfg.Nb >= target)
                    nb = clock.Elapsed;
                if (cfg.Sb >= target)
                    sb = clock.Elapsed;
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The transaction returned: what was seen so far is the answer.
        }
        return (nb, sb);
    }

    private static async Task<(long Nb, long Sb, long Hv)> ReadCfgAsync(OvnCluster cluster, CancellationToken cancellationToken)
    {
        var csv = await OvnShell.RunAsync(cluster.Central, ["ovsdb-client", "dump", "-f", "csv", cluster.NbTarget, "OVN_Northbound", "NB_Global",
            "nb_cfg", "sb_cfg", "hv_cfg"], cancellationToken).ConfigureAwait(false);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[1].Split(',');
        var values = lines[2].Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        long Get(string name) => values[Array.IndexOf(header, name)];
        return (Get("nb_cfg"), Get("sb_cfg"), Get("hv_cfg"));
    }

    /// <summary>The MAC of VM k of network i on OVN's side.</summary>
    public static string Mac(int network, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"0a:00:{network / 256:x2}:{network % 256:x2}:00:{index + 1:x2}");

    /// <summary>The address of VM k of network i on OVN's side (in the network's 10.i/256.i%256.0/24).</summary>
    public static string Ip(int network, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{network / 256}.{network % 256}.{index + 10}");
}

/// <summary>What OVN took for one scale.</summary>
/// <param name="Networks">Logical switches.</param>
/// <param name="Bind">Creating the OVS ports with their iface-ids on the chassis (not counted).</param>
/// <param name="Programmed">The <c>ovn-nbctl --wait=hv</c> transaction: every chassis programmed.</param>
/// <param name="NbCommitted">When the NB transaction was seen committed (nb_cfg), polled every 100 ms; null if not seen.</param>
/// <param name="Northd">When ovn-northd was seen done (sb_cfg), polled every 100 ms; null if not seen before the end.</param>
/// <param name="Pings">First reply of each sampled pair, from the start of that transaction.</param>
/// <param name="Flows">OpenFlow flows on each chassis's br-int afterwards.</param>
/// <param name="Pids">Daemons that ran (all ended by PID when the measurement returned).</param>
/// <param name="Namespaces">Namespaces that existed (all deleted).</param>
/// <param name="Directory">The cluster's folder (deleted).</param>
public sealed record OvnProvisioningResult(int Networks, TimeSpan Bind, TimeSpan Programmed, TimeSpan? NbCommitted, TimeSpan? Northd,
    IReadOnlyList<FirstPing> Pings,
    IReadOnlyDictionary<string, int> Flows, IReadOnlyList<int> Pids, IReadOnlyList<string> Namespaces, string Directory);
