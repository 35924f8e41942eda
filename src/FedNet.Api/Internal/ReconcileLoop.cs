using FedNet.Api.Contracts;
using FedNet.Api.Metrics;
using FedNet.Control;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;
using FedNet.Planning.State;
using Microsoft.Extensions.Logging;

namespace FedNet.Api.Internal;

/// <summary>
/// Drives the switches to the newest committed plan, outside the apply gate: requests coalesce (a burst of commits is
/// one reconcile of the newest plan), reconciles never overlap, and when idle for the audit interval it re-reconciles
/// (repairing drift) and re-judges every settled service. <paramref name="bound"/> lists the lab's existing endpoints
/// (null without a lab); <paramref name="switchLog"/> (the controller's logger) learns which switches recovered.
/// </summary>
internal sealed class ReconcileLoop(FedNetController controller, VmCoordinator? vms, IComputeDriver? compute, StatusBoard board,
    TimeSpan auditInterval, ILogger logger, Func<IReadOnlyList<LabVmState>>? bound = null, SwitchFailureLog? switchLog = null)
    : IAsyncDisposable
{
    private NetworkPlan? _enforced;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private (NetworkPlan Plan, long Revision)? _wanted;
    private long _applied = -1;
    private Task? _loop;

    /// <summary>The newest revision whose reconcile finished (-1 before the first).</summary>
    public long AppliedRevision => Interlocked.Read(ref _applied);

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    /// <summary>Asks for <paramref name="plan"/> (committed at <paramref name="revision"/>) to be enforced.</summary>
    public void Request(NetworkPlan plan, long revision)
    {
        lock (_lock)
        {
            if (_wanted is null || revision >= _wanted.Value.Revision)
                _wanted = (plan, revision);
            if (_signal.CurrentCount == 0)
                _signal.Release();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        NetworkPlan? current = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            bool signalled;
            try
            {
                signalled = await _signal.WaitAsync(auditInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            (NetworkPlan Plan, long Revision)? wanted;
            lock (_lock)
            {
                wanted = _wanted;
                _wanted = null;
            }
            try
            {
                if (wanted is { } w)
                {
                    current = w.Plan;
                    await ApplyAsync(w.Plan, w.Revision, cancellationToken);
                }
                else if (!signalled && current is not null)
                {
                    await AuditAsync(current, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ApplyAsync(NetworkPlan plan, long revision, CancellationToken cancellationToken)
    {
        const int Total = 3;
        var switches = plan.State.Switches.Count;
        try
        {
            if (vms is not null)
            {
                board.Progress(revision, "binding", 0, Total, $"binding the VMs of revision {revision}");
                await UnbindStaleAsync(plan, cancellationToken);
                await vms.BindAllAsync(plan, cancellationToken);
            }
            board.Progress(revision, "reconciling", 1, Total, $"reconciling {switches} switches");
            var report = await controller.ApplyAsync(plan, cancellationToken);
            switchLog?.Observe(report);
            ApiLog.Reconciled(logger, revision, report.Switches.Count, report.FlowMods, report.Failed.Count, (long)report.Elapsed.TotalMilliseconds);
            board.Progress(revision, "reconciled", 2, Total,
                $"reconciled {report.Switches.Count} switches: {report.FlowMods} flow-mods, {report.Failed.Count} failed");
            await UnbindGoneAsync(plan, cancellationToken);
            Log(board.Settle(revision, ProblemsOf(plan, report), audit: false), revision);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            ApiLog.ReconcileFailed(logger, revision, e.Message, e);
            IReadOnlyList<SwitchProblemDto> all = [new SwitchProblemDto("*", e.Message)];
            Log(board.Settle(revision, _ => all, audit: false), revision);
        }
        Interlocked.Exchange(ref _applied, revision);
    }

    /// <summary>
    /// Before binding: removes the endpoints that stand in the way of a planned vif, because binding never replaces an
    /// endpoint. Those are an endpoint holding a planned vif's interface (its MAC) under another name (a vif renamed when a
    /// sibling service reused its VM name, or a leftover of a server killed before it unbound), and an endpoint with a
    /// planned vif's name but another MAC or address. An endpoint on another host only is left to the coordinator's move.
    /// </summary>
    private async Task UnbindStaleAsync(NetworkPlan plan, CancellationToken cancellationToken)
    {
        if (compute is null || bound is null)
            return;
        var planned = VifPlacement.All(plan);
        var byName = planned.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var byInterface = planned.ToDictionary(v => v.HostInterface, StringComparer.Ordinal);
        foreach (var e in bound())
        {
            var stale = byName.TryGetValue(e.Name, out var same)
                ? !string.Equals(same.MacText, e.Mac, StringComparison.OrdinalIgnoreCase) || $"{same.IpText}/{same.PrefixLength}" != e.Address
                : byInterface.ContainsKey(e.HostInterface);
            if (stale)
                await UnbindAsync(e.Name, cancellationToken);
        }
    }

    /// <summary>
    /// Removes the VM endpoints of vifs the last enforced plan had and this one does not (a deleted VM or service),
    /// after the reconcile removed their ports. Endpoints this server never placed are left alone, except on the first
    /// reconcile after a start: then the endpoints with a MAC of the federation's prefix that the plan does not have are
    /// leftovers of vifs the store no longer has (a server killed before it unbound them), and go too.
    /// </summary>
    private async Task UnbindGoneAsync(NetworkPlan plan, CancellationToken cancellationToken)
    {
        var previous = _enforced;
        _enforced = plan;
        if (compute is null)
            return;
        var kept = VifPlacement.All(plan).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> gone = previous is not null
            ? VifPlacement.All(previous).Select(v => v.Name)
            : bound is null
                ? []
                : bound().Where(e => MacAddress.TryParse(e.Mac, out var mac) && plan.Federation.MacPrefix.Contains(mac)).Select(e => e.Name);
        var existing = bound is null ? null : bound().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in gone.Where(n => !kept.Contains(n) && (existing is null || existing.Contains(n))).ToList())
            await UnbindAsync(name, cancellationToken);
    }

    private async Task UnbindAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await compute!.UnbindAsync(name, cancellationToken);
        }
        catch (FedNetException e)
        {
            ApiLog.UnbindFailed(logger, name, e.Message, e);
        }
    }

    private async Task AuditAsync(NetworkPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            var report = await controller.ReconcileAsync(cancellationToken);
            switchLog?.Observe(report);
            Log(board.Settle(AppliedRevision, ProblemsOf(plan, report), audit: true), AppliedRevision);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            ApiLog.AuditFailed(logger, e.Message, e);
        }
    }

    private void Log(IReadOnlyList<(ServiceKey Key, string State)> changed, long revision)
    {
        foreach (var (key, state) in changed)
        {
            using var scope = FedNetLogScope.Begin(logger, key.Tenant, key.Service);
            ApiLog.ServiceState(logger, key.Tenant, key.Service, state, revision);
        }
    }

    /// <summary>The failed switches each service touches: those holding its networks' flows, and its VMs' hosts.</summary>
    internal static Func<ServiceKey, IReadOnlyList<SwitchProblemDto>> ProblemsOf(NetworkPlan plan, ReconcileReport report)
    {
        var failed = report.Switches.Where(s => !s.Succeeded).ToDictionary(s => s.Switch, s => s.Error!);
        if (failed.Count == 0)
            return _ => [];
        var serviceOfNetwork = plan.Allocations.NetworkIds.ToDictionary(p => p.Value, p => new ServiceKey(p.Key.Tenant, p.Key.Service));
        var touched = new Dictionary<ServiceKey, SortedSet<SwitchId>>();
        void Add(ServiceKey key, SwitchId id)
        {
            if (!touched.TryGetValue(key, out var set))
                touched[key] = set = [];
            set.Add(id);
        }
        var byNode = plan.State.Switches.Keys.ToLookup(s => s.Node, StringComparer.Ordinal);
        foreach (var (id, state) in plan.State.Switches)
        {
            foreach (var owner in state.Flows.Keys)
            {
                if (serviceOfNetwork.TryGetValue(owner, out var key))
                    Add(key, id);
            }
        }
        foreach (var (vif, port) in plan.Allocations.Ports)
        {
            foreach (var id in byNode[port.Host])
                Add(new ServiceKey(vif.Vm.Tenant, vif.Vm.Service), id);
        }
        return key => touched.TryGetValue(key, out var set)
            ? [.. set.Where(failed.ContainsKey).Select(id => new SwitchProblemDto(id.ToString(), failed[id]))]
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
            await _loop;
        _stopping.Dispose();
        _signal.Dispose();
    }
}
