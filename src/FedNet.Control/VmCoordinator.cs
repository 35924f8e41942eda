using FedNet.Control.Internal;
using FedNet.Lab;
using FedNet.Planning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedNet.Control;

/// <summary>
/// Binds every planned vif to an endpoint through the compute driver (the lab's namespaces here), so that its
/// <c>vf…</c> interface exists on its host before the host's ports are ensured. Idempotent: endpoints that already
/// exist are left alone.
/// </summary>
public sealed class VmCoordinator
{
    private readonly IComputeDriver _driver;
    private readonly Func<CancellationToken, Task<IReadOnlyCollection<string>>> _bound;
    private readonly ILogger _logger;

    /// <summary>Creates a coordinator over <paramref name="driver"/>; <paramref name="bound"/> lists the endpoints that exist.</summary>
    public VmCoordinator(IComputeDriver driver, Func<CancellationToken, Task<IReadOnlyCollection<string>>> bound, ILogger? logger = null)
    {
        _driver = driver;
        _bound = bound;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Where each existing endpoint is (endpoint name → host); when set, <see cref="BindAllAsync"/> also moves endpoints
    /// whose planned host changed (a placement edited between two runs of <c>serve</c>). Null: existing endpoints stay.
    /// </summary>
    public Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>>? BoundHosts { get; init; }

    /// <summary>Sends the gratuitous ARP of a migrated VM; null to skip it.</summary>
    public MigrationAnnouncer? Announcer { get; init; }

    /// <summary>A coordinator for a running lab (its compute driver, its state file's VM list).</summary>
    public static VmCoordinator ForLab(FederationLab lab, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return new VmCoordinator(new NamespaceComputeDriver(lab), _ => Task.FromResult<IReadOnlyCollection<string>>(
            [.. lab.ReadState().Vms.Select(v => v.Name)]), logger)
        {
            Announcer = MigrationAnnouncer.ForLab(lab),
            BoundHosts = _ => Task.FromResult<IReadOnlyDictionary<string, string>>(
                lab.ReadState().Vms.ToDictionary(v => v.Name, v => v.Host, StringComparer.Ordinal)),
        };
    }

    /// <summary>
    /// Binds every vif of <paramref name="plan"/> that has no endpoint yet, and (with <see cref="BoundHosts"/>) moves those
    /// whose endpoint is on another host than planned; returns how many were bound or moved.
    /// </summary>
    public async Task<int> BindAllAsync(NetworkPlan plan, CancellationToken cancellationToken = default)
    {
        var existing = (await _bound(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var missing = VifPlacement.All(plan).Where(v => !existing.Contains(v.Name)).ToList();
        foreach (var v in missing)
        {
            var spec = new VmSpec(v.Name, v.Host, v.MacText, $"{v.IpText}/{v.PrefixLength}");
            try
            {
                await _driver.BindAsync(spec, cancellationToken).ConfigureAwait(false);
            }
            catch (FedNetException e)
            {
                throw new ControlException($"cannot bind vif {v.Vif} ({v.Name}) on {v.Host}: {e.Message}", e);
            }
            ControlLog.VifBound(_logger, v.Name, v.Host, v.HostInterface, v.MacText, v.IpText);
        }
        var moved = new List<VifPlacement>();
        if (BoundHosts is not null)
        {
            var hosts = await BoundHosts(cancellationToken).ConfigureAwait(false);
            foreach (var v in VifPlacement.All(plan).Where(v => hosts.TryGetValue(v.Name, out var h) && h != v.Host))
            {
                await MoveOneAsync(v, cancellationToken).ConfigureAwait(false);
                moved.Add(v);
            }
            // No announcement here: the new host's port exists only after the reconcile that follows.
        }
        return missing.Count + moved.Count;
    }

    /// <summary>
    /// Moves every vif whose host differs between <paramref name="previous"/> and <paramref name="next"/> to its new host
    /// (same MAC and address) through the compute driver; returns the moved vifs as placed in <paramref name="next"/>.
    /// </summary>
    public async Task<IReadOnlyList<VifPlacement>> MoveAsync(NetworkPlan previous, NetworkPlan next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var before = VifPlacement.All(previous).ToDictionary(v => v.Vif);
        var moved = VifPlacement.All(next).Where(v => before.TryGetValue(v.Vif, out var b) && b.Host != v.Host).ToList();
        foreach (var v in moved)
            await MoveOneAsync(v, cancellationToken).ConfigureAwait(false);
        return moved;
    }

    private async Task MoveOneAsync(VifPlacement v, CancellationToken cancellationToken)
    {
        var spec = new VmSpec(v.Name, v.Host, v.MacText, $"{v.IpText}/{v.PrefixLength}");
        try
        {
            await _driver.MoveAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (FedNetException e)
        {
            throw new ControlException($"cannot move vif {v.Vif} ({v.Name}) to {v.Host}: {e.Message}", e);
        }
        MigrationLog.VifMoved(_logger, v.Name, v.Host, v.HostInterface, v.MacText, v.IpText);
    }

    /// <summary>
    /// Has each of <paramref name="vifs"/> announce itself (gratuitous ARP from inside the VM) when the coordinator has an
    /// announcer. A failed announcement is logged, not thrown: FedNet's flows do not depend on it.
    /// </summary>
    public async Task AnnounceAsync(IEnumerable<VifPlacement> vifs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vifs);
        if (Announcer is null)
            return;
        foreach (var v in vifs)
        {
            try
            {
                await Announcer.AnnounceAsync(v, cancellationToken).ConfigureAwait(false);
            }
            catch (FedNetException e)
            {
                MigrationLog.AnnounceFailed(_logger, v.Name, e.Message, e);
            }
        }
    }
}
