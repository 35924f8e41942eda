using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using FedNet.Lab.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedNet.Lab;

/// <summary>
/// Brings a <see cref="LabTopology"/> up on this machine and takes it down again: a namespace with its own
/// ovsdb-server and ovs-vswitchd per host and gateway, a Linux bridge per segment, an OVS bridge per VPLS that passes
/// only its public VLANs, a router for the L3 WAN, and userspace WAN emulators on the transits.
/// </summary>
public sealed partial class FederationLab
{
    private readonly LabOptions _options;
    private readonly ILogger _logger;

    public FederationLab(LabOptions options, ILogger<FederationLab>? logger = null)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The options this lab acts with.</summary>
    public LabOptions Options => _options;

    /// <summary>True when a state file exists (the lab is up, or was up when its processes were killed).</summary>
    public bool Exists => File.Exists(_options.StatePath);

    /// <summary>Reads the lab's state file; a <see cref="LabException"/> when the lab is not up.</summary>
    public LabState ReadState() =>
        File.Exists(_options.StatePath)
            ? LabState.Read(_options.StatePath)
            : throw new LabException($"lab '{_options.Id}' is not up (no {_options.StatePath}); run `fednet lab up` first");

    /// <summary>
    /// Builds the lab. Leftovers of a previous lab with the same id (a killed <c>lab up</c>, killed daemons) are removed
    /// first; if building fails, everything built so far is removed before the error is rethrown.
    /// </summary>
    public async Task<LabState> UpAsync(LabTopology topology, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        topology.Validate();
        Prerequisites.RequireAll();
        var clock = Stopwatch.StartNew();
        void Report(string step)
        {
            LabLog.Step(_logger, _options.Id, step);
            progress?.Report($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {step}");
        }
        if (await HasLeftoversAsync(cancellationToken).ConfigureAwait(false))
        {
            Report($"removing leftovers of lab '{_options.Id}'");
            await DownAsync(null, cancellationToken).ConfigureAwait(false);
        }
        Directory.CreateDirectory(_options.Directory);
        try
        {
            var state = await BuildAsync(topology, Report, cancellationToken).ConfigureAwait(false);
            state.Write(_options.StatePath);
            LabLog.Up(_logger, _options.Id, clock.Elapsed.TotalSeconds);
            Report($"lab '{_options.Id}' is up: {state.Nodes.Count} switches, {state.Segments.Count} segments, " +
                $"{state.Transits.Count} transits; state in {_options.StatePath}");
            return state;
        }
        catch (Exception e)
        {
            LabLog.UpFailed(_logger, _options.Id, e);
            Report("failed; removing what was built");
            await DownAsync(null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<LabState> BuildAsync(LabTopology topology, Action<string> report, CancellationToken cancellationToken)
    {
        var id = _options.Id;
        var dir = _options.Directory;
        var vpls = topology.TransitsOf(LabTransitKind.Vpls).ToList();
        var tunnels = topology.TransitsOf(LabTransitKind.Tunnel).ToList();
        var nodes = topology.Nodes.ToList();

        // 1. Namespaces, all in one `ip -batch`.
        var namespaces = nodes.Select(n => LabNames.NodeNamespace(id, n.Name))
            .Append(LabNames.SegmentNamespace(id))
            .Concat(vpls.Select(v => LabNames.VplsNamespace(id, v.Index)))
            .Concat(tunnels.Count > 0 ? [LabNames.WanNamespace(id)] : [])
            .ToList();
        await Cmd.IpBatchAsync(null, namespaces.Select(ns => $"netns add {ns}"), cancellationToken).ConfigureAwait(false);
        await ParallelAsync(namespaces, ns => Cmd.IpBatchAsync(ns, ["link set lo up"], cancellationToken)).ConfigureAwait(false);
        report($"{namespaces.Count} namespaces created");

        // 2. One Open vSwitch per node and per VPLS, several at a time.
        var processes = new ConcurrentBag<LabProcessState>();
        var daemons = new ConcurrentDictionary<string, OvsDaemon>();
        var ovsJobs = nodes.Select(n => (Key: n.Name, Daemon: new OvsDaemon(LabNames.NodeNamespace(id, n.Name), Path.Combine(dir, n.Name))))
            .Concat(vpls.Select(v => (Key: $"vpls{v.Index}",
                Daemon: new OvsDaemon(LabNames.VplsNamespace(id, v.Index), Path.Combine(dir, $"vpls{v.Index}")))))
            .ToList();
        await ParallelAsync(ovsJobs, async job =>
        {
            var started = Stopwatch.StartNew();
            foreach (var p in await job.Daemon.StartAsync(id, cancellationToken).ConfigureAwait(false))
                processes.Add(p);
            daemons[job.Key] = job.Daemon;
            report($"open vswitch up on {job.Key} ({started.Elapsed.TotalSeconds:0.0}s)");
        }).ConfigureAwait(false);

        // 3. Segments: a Linux bridge each (no VLAN filtering: tagged frames pass untouched), one veth per node.
        var segments = await BuildSegmentsAsync(topology, cancellationToken).ConfigureAwait(false);
        report($"{segments.Count} segments linked");

        // 4. VPLS transits and 5. the L3 WAN, with their WAN emulators.
        var transits = new ConcurrentBag<LabTransitState>();
        var wanJobs = vpls.Select(v => (Func<Task>)(async () =>
            {
                var (transit, forwarder) = await BuildVplsAsync(topology, v.Index, v.Transit, daemons[$"vpls{v.Index}"], cancellationToken)
                    .ConfigureAwait(false);
                transits.Add(transit);
                processes.Add(forwarder);
                report($"vpls {v.Transit.Name} up: VLAN {string.Join(",", v.Transit.PublicVlans)} only, {v.Transit.Wan}");
            }))
            .Append(async () =>
            {
                if (tunnels.Count == 0)
                    return;
                foreach (var p in await BuildWanAsync(topology, daemons, cancellationToken).ConfigureAwait(false))
                    processes.Add(p);
                foreach (var (index, t) in tunnels)
                {
                    transits.Add(new LabTransitState(index, t.Name, t.Kind, t.SiteA, t.SiteB, [], t.Wan,
                        LabNames.WanNamespace(id), null, null));
                }
                report($"L3 WAN up: {string.Join(", ", tunnels.Select(t => $"{t.Transit.Name} ({t.Transit.Wan})"))}");
            })
            .ToList();
        await ParallelAsync(wanJobs, job => job()).ConfigureAwait(false);

        var nodeStates = nodes.Select(n =>
        {
            var d = daemons[n.Name];
            var interfaces = new List<string> { LabNames.SegmentLink };
            if (n.Kind == LabNodeKind.Gateway)
            {
                interfaces.AddRange(vpls.Where(v => v.Transit.SiteA == n.Site || v.Transit.SiteB == n.Site)
                    .Select(v => LabNames.TransitLink(v.Index)));
                if (topology.HasTunnel(n.Site))
                    interfaces.Add(LabNames.WanLink);
            }
            return new LabNodeState(n.Name, n.Kind, n.Site, n.Segment, d.Namespace, d.DbSocket, d.Directory, d.VswitchdControl,
                n.Underlay, interfaces);
        }).ToList();
        return new LabState(id, topology.Name, dir, DateTimeOffset.UtcNow, nodeStates, segments,
            [.. transits.OrderBy(t => t.Index)], [], [.. processes.OrderBy(p => p.Namespace).ThenBy(p => p.Role)]);
    }

    private async Task<List<LabSegmentState>> BuildSegmentsAsync(LabTopology topology, CancellationToken cancellationToken)
    {
        var id = _options.Id;
        var segNs = LabNames.SegmentNamespace(id);
        var segmentNames = topology.Sites.SelectMany(s => s.Segments.Select(seg => (Site: s.Name, Segment: seg))).ToList();
        var nodes = topology.Nodes.ToList();
        var lines = new List<string>();
        for (var k = 0; k < segmentNames.Count; k++)
        {
            // STP off and no forwarding delay: ports forward at once. No VLAN filtering (this kernel does not even have it),
            // so every tag passes.
            lines.Add($"link add sb{k} type bridge stp_state 0 forward_delay 0");
            lines.Add($"link set sb{k} up");
        }
        var members = segmentNames.ToDictionary(s => s.Segment, _ => new List<string>());
        for (var n = 0; n < nodes.Count; n++)
        {
            var k = segmentNames.FindIndex(s => s.Segment == nodes[n].Segment);
            lines.Add($"link add sp{n} mtu {LabNames.LinkMtu} type veth peer name {LabNames.SegmentLink} mtu {LabNames.LinkMtu} " +
                $"netns {LabNames.NodeNamespace(id, nodes[n].Name)}");
            lines.Add($"link set sp{n} master sb{k}");
            lines.Add($"link set sp{n} up");
            members[nodes[n].Segment].Add(nodes[n].Name);
        }
        await Cmd.IpBatchAsync(segNs, lines, cancellationToken).ConfigureAwait(false);
        await ParallelAsync(nodes, n => Cmd.IpBatchAsync(LabNames.NodeNamespace(id, n.Name), [$"link set {LabNames.SegmentLink} up"],
            cancellationToken)).ConfigureAwait(false);
        return [.. segmentNames.Select((s, k) => new LabSegmentState(s.Segment, s.Site, segNs, $"sb{k}", members[s.Segment]))];
    }

    private async Task ParallelAsync<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        using var gate = new SemaphoreSlim(_options.Parallelism);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await action(item).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(string path, WanLinkConfig config, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(config, LabJsonContext.Default.WanLinkConfig), cancellationToken)
            .ConfigureAwait(false);
}
