using System.Collections.Concurrent;
using System.Diagnostics;
using FedNet.Control.Internal;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Connections;
using FedNet.Ovsdb;
using FedNet.Planning;
using FedNet.Planning.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedNet.Control;

/// <summary>
/// The controller: keeps every switch of the federation at the planner's desired state. Per node it ensures the
/// OVSDB rows (bridges with their ports and tunnels) and then, per bridge, connects over OpenFlow to its management
/// socket, reads the flows, and sends only the difference inside one bundle, confirmed by a barrier. Nodes are
/// reconciled concurrently; one failing never blocks the others. Connections stay open: flows that send ARP to the
/// controller are answered here (the ARP proxy), and <see cref="AuditAsync"/> repairs drift.
/// </summary>
public sealed partial class FedNetController : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, NodeEndpoint> _endpoints;
    private readonly ControllerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, NodeSession> _nodes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private volatile NetworkPlan? _plan;
    private volatile DesiredState? _state;
    private volatile ArpTable _arp = ArpTable.Empty;
    private readonly ConcurrentDictionary<string, Task> _retries = new(StringComparer.Ordinal);
    private readonly FlowCache _flowCache = new();
    private readonly TimeProvider _time;
    private readonly Backoff _backoff;
    private long _flowMods;
    private long _arpReplies;
    private long _recoveries;

    /// <summary>Creates a controller for the switches at <paramref name="endpoints"/> (by node name).</summary>
    /// <param name="endpoints">Where each node's OVSDB and bridges are reached.</param>
    /// <param name="options">Timeouts, bundles, retry backoff.</param>
    /// <param name="logger">Where reconciles, failures and retries are logged.</param>
    /// <param name="timeProvider">The clock for retry delays (tests pass a fake one). Default <see cref="TimeProvider.System"/>.</param>
    public FedNetController(IReadOnlyDictionary<string, NodeEndpoint> endpoints, ControllerOptions? options = null, ILogger? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        _endpoints = endpoints;
        _options = (options ?? ControllerOptions.Default).Validate();
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _backoff = new Backoff(_options.Reconnect, new Random());
    }

    /// <summary>The plan being enforced, or null before <see cref="ApplyAsync"/>.</summary>
    public NetworkPlan? Plan => _plan;

    /// <summary>Flow-mods sent since the controller started (every add, replace and delete).</summary>
    public long FlowModsSent => Interlocked.Read(ref _flowMods);

    /// <summary>ARP replies sent by the controller-side proxy.</summary>
    public long ArpReplies => Interlocked.Read(ref _arpReplies);

    /// <summary>Times a node that had failed or lost a connection was brought back in sync by the retry loop.</summary>
    public long Recoveries => Interlocked.Read(ref _recoveries);

    /// <summary>Nodes being retried right now (a connection dropped or their last reconcile failed).</summary>
    public IReadOnlyCollection<string> Retrying => [.. _retries.Keys];

    /// <summary>Raised (on a pool thread) when the retry loop has brought a node back in sync, with that node's reports.</summary>
    public event Action<string, IReadOnlyList<SwitchReport>>? NodeRecovered;

    /// <summary>Makes <paramref name="plan"/> the plan to enforce and reconciles every switch to it.</summary>
    public async Task<ReconcileReport> ApplyAsync(NetworkPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _arp = ArpTable.Build(plan);
        _plan = plan;
        _state = plan.State;
        var report = await ReconcileAsync(cancellationToken).ConfigureAwait(false);
        if (plan.State.Switches.Values.Any(s => s.Ports.Values.Any(p => p.Type is InterfaceType.Gre or InterfaceType.Vxlan)))
        {
            // Give the tunnels' underlay ARP (sent by the warm-up frames) time to complete before VMs send.
            await Task.Delay(_options.TunnelWarmUp, cancellationToken).ConfigureAwait(false);
        }
        return report;
    }

    /// <summary>
    /// Reconciles every switch to the current plan and reports what it sent. Nodes of the plan without an endpoint and
    /// switches that fail are reported (and logged) without stopping the others.
    /// </summary>
    public async Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var state = _state ?? throw new InvalidOperationException("no plan yet: call ApplyAsync first");
        var clock = Stopwatch.StartNew();
        var byNode = state.Switches.Values.GroupBy(s => s.Id.Node, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        // Nodes with no switch in the plan still get an (empty) ensure, which removes bridges FedNet left there.
        foreach (var node in _endpoints.Keys.Where(n => !byNode.ContainsKey(n)))
            byNode[node] = [];
        var tasks = byNode.Select(p => ReconcileNodeAsync(p.Key, p.Value, cancellationToken)).ToList();
        var reports = (await Task.WhenAll(tasks).ConfigureAwait(false)).SelectMany(r => r).OrderBy(r => r.Switch).ToList();
        var report = new ReconcileReport(reports, clock.Elapsed);
        OnReconciled(report);
        return report;
    }

    /// <summary>Test hook: enforce <paramref name="state"/> instead of the plan's own (to inject flows a switch refuses).</summary>
    internal void OverrideState(DesiredState state) => _state = state;

    /// <summary>
    /// Audits every <paramref name="interval"/> until cancelled: a reconcile that finds nothing to do sends nothing; one
    /// that repaired drift logs what it fixed and passes the report to <paramref name="repaired"/>.
    /// </summary>
    public async Task AuditAsync(TimeSpan interval, Action<ReconcileReport>? repaired = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                var report = await ReconcileAsync(cancellationToken).ConfigureAwait(false);
                var changed = report.Switches.Where(s => !s.Succeeded || s.FlowMods > 0 || s.MeterMods > 0 || s.OvsdbWrites > 0).ToList();
                foreach (var s in changed.Where(s => s.Succeeded))
                    ControlLog.DriftRepaired(_logger, s.Switch.ToString(), s.ToString());
                if (changed.Count > 0)
                    repaired?.Invoke(report);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The audit must outlive any one failure: log it and try again at the next tick.
                ControlLog.AuditFailed(_logger, e.Message, e);
            }
        }
    }

    private async Task<IReadOnlyList<SwitchReport>> ReconcileNodeAsync(string node, List<SwitchState> switches, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!_endpoints.TryGetValue(node, out var endpoint))
            return Fail(switches, $"node {node} has no known OVSDB/OpenFlow endpoint (is it in the lab?)", clock, null, node);
        var session = _nodes.GetOrAdd(node, n => new NodeSession(this, endpoint));
        // One reconcile of a node at a time (an audit, a retry and an apply may overlap), so a diff is never sent twice.
        await session.ReconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reports = await ReconcileNodeLockedAsync(node, session, endpoint, switches, clock, cancellationToken).ConfigureAwait(false);
            if (reports.FirstOrDefault(r => !r.Succeeded) is { } failed)
                ScheduleRetry(node, failed.Error!);
            return reports;
        }
        finally
        {
            session.ReconcileGate.Release();
        }
    }

    private async Task<IReadOnlyList<SwitchReport>> ReconcileNodeLockedAsync(string node, NodeSession session, NodeEndpoint endpoint,
        List<SwitchState> switches, Stopwatch clock, CancellationToken cancellationToken)
    {
        int writes;
        try
        {
            // Each step gets its own timeout: a slow OVSDB or one hung bridge fails alone.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            timeout.CancelAfter(_options.SwitchTimeout);
            writes = await session.EnsureRowsAsync(switches, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            session.DropDatabase();
            return Fail(switches, $"OVSDB at {endpoint.OvsdbTarget}: {Describe(e)}", clock, e, node);
        }
        var reports = new List<SwitchReport>(switches.Count);
        foreach (var state in switches)
        {
            var start = clock.Elapsed;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
                timeout.CancelAfter(_options.SwitchTimeout);
                var r = await session.ReconcileFlowsAsync(state, timeout.Token).ConfigureAwait(false);
                r = r with { OvsdbWrites = reports.Count == 0 ? writes : 0, Elapsed = clock.Elapsed - start };
                ControlLog.SwitchReconciled(_logger, state.Id.ToString(), r.ToString());
                reports.Add(r);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                session.Drop(state.Bridge.Name);
                ControlLog.SwitchFailed(_logger, state.Id.ToString(), Describe(e), e);
                reports.Add(new SwitchReport(state.Id, reports.Count == 0 ? writes : 0, 0, 0, 0, 0, 0, 0, clock.Elapsed - start, Describe(e)));
            }
        }
        return reports;
    }

    private IReadOnlyList<SwitchReport> Fail(List<SwitchState> switches, string reason, Stopwatch clock, Exception? e, string node)
    {
        ControlLog.SwitchFailed(_logger, switches.Count > 0 ? string.Join(",", switches.Select(s => s.Id)) : node, reason, e);
        // A node with no switch in the plan still reports its failure, so it is retried and visible.
        return switches.Count > 0
            ? [.. switches.Select(s => new SwitchReport(s.Id, 0, 0, 0, 0, 0, 0, 0, clock.Elapsed, reason))]
            : [new SwitchReport(new SwitchId(node, "(ovsdb)"), 0, 0, 0, 0, 0, 0, 0, clock.Elapsed, reason)];
    }

    /// <summary>
    /// Starts the retry loop of <paramref name="node"/> unless one is running: after a capped, jittered exponential delay it
    /// reconnects whatever dropped and reconciles the node, until a reconcile succeeds or the controller stops.
    /// </summary>
    internal void ScheduleRetry(string node, string reason)
    {
        if (_stopping.IsCancellationRequested || _state is null)
            return;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = started.Task.ContinueWith(_ => RetryAsync(node, reason), CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        if (_retries.TryAdd(node, loop))
            started.SetResult();
    }

    private async Task RetryAsync(string node, string reason)
    {
        // Added before this loop was let start; removed by identity so a loop started after this one is never dropped.
        var self = _retries[node];
        try
        {
            for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
            {
                var delay = _backoff.Delay(attempt);
                ResilienceLog.Retrying(_logger, node, attempt, (long)delay.TotalMilliseconds, reason);
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
                var state = _state!;
                var switches = state.Switches.Values.Where(s => s.Id.Node == node).ToList();
                if (!_nodes.TryGetValue(node, out var session) || !_endpoints.TryGetValue(node, out var endpoint))
                    return;
                IReadOnlyList<SwitchReport> reports;
                await session.ReconcileGate.WaitAsync(_stopping.Token).ConfigureAwait(false);
                try
                {
                    reports = await ReconcileNodeLockedAsync(node, session, endpoint, switches, Stopwatch.StartNew(), _stopping.Token)
                        .ConfigureAwait(false);
                }
                finally
                {
                    session.ReconcileGate.Release();
                }
                if (reports.FirstOrDefault(r => !r.Succeeded) is { } failed)
                {
                    reason = failed.Error!;
                    continue;
                }
                Interlocked.Increment(ref _recoveries);
                ResilienceLog.Recovered(_logger, node, attempt, string.Join("; ", reports));
                _retries.TryRemove(new KeyValuePair<string, Task>(node, self));
                NodeRecovered?.Invoke(node, reports);
                return;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            // Never let a retry loop fault unobserved; the next failure or audit starts a new one.
            ResilienceLog.RetryLoopFailed(_logger, node, e.Message, e);
        }
        finally
        {
            _retries.TryRemove(new KeyValuePair<string, Task>(node, self));
        }
    }

    private static string Describe(Exception e) => e switch
    {
        OpenFlowErrorException o => $"{o.Message} (OFPET {o.Type} code {o.Code})",
        OperationCanceledException => "timed out",
        _ => e.Message,
    };

    /// <summary>Closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var retry in _retries.Values)
        {
            try
            {
                await retry.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A loop cancelled before it started.
            }
        }
        foreach (var s in _nodes.Values)
            await s.DisposeAsync().ConfigureAwait(false);
        _nodes.Clear();
        _stopping.Dispose();
    }
}
