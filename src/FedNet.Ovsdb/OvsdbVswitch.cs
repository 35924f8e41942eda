using FedNet.Ovsdb.Ensure;
using FedNet.Ovsdb.Internal;
using FedNet.Ovsdb.Replica;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedNet.Ovsdb;

/// <summary>
/// One switch's Open_vSwitch database: a client, a live replica of the tables FedNet uses, and the idempotent
/// <see cref="EnsureAsync"/> that drivers call with the switch's desired state.
/// </summary>
public sealed class OvsdbVswitch : IAsyncDisposable
{
    /// <summary>The database name.</summary>
    public const string Database = "Open_vSwitch";

    private readonly OvsdbClientOptions _options;
    private readonly ILogger _logger;
    private readonly EnsureMemo _memo = new();

    private OvsdbVswitch(OvsdbClient client, OvsdbReplica replica, OvsdbClientOptions options, ILogger logger)
    {
        Client = client;
        Replica = replica;
        _options = options;
        _logger = logger;
    }

    public OvsdbClient Client { get; }
    public OvsdbReplica Replica { get; }

    /// <summary>Test hook: runs after an ensure has planned and before it commits (to inject a concurrent change).</summary>
    internal Func<Task>? BeforeCommit { get; set; }

    /// <summary>Connects to <paramref name="target"/> and fills the replica.</summary>
    public static async Task<OvsdbVswitch> ConnectAsync(string target, OvsdbClientOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new OvsdbClientOptions();
        logger ??= NullLogger.Instance;
        var client = await OvsdbClient.ConnectAsync(target, options, logger, cancellationToken).ConfigureAwait(false);
        try
        {
            var replica = await OvsdbReplica.StartAsync(client, Database, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new OvsdbVswitch(client, replica, options, logger);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Makes the rows owned by <paramref name="owner"/> (<c>external_ids:fednet-owner</c>) match <paramref name="desired"/>
    /// in one transaction guarded with <c>wait</c>: missing rows are inserted, differing ones updated, owned rows no
    /// longer desired deleted; rows not owned are never changed (a desired name held by one throws
    /// <see cref="OvsdbException.NotOwned"/>). When nothing differs no transaction is sent. A conflict with another
    /// client (a failed wait, a name taken meanwhile) is retried on a fresher replica.
    /// </summary>
    public async Task<EnsureResult> EnsureAsync(OvsdbDesiredState desired, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = Replica.Snapshot;
            var plan = EnsurePlanner.Plan(snapshot, desired, owner, _memo);
            if (plan.WriteOperations == 0)
                return new EnsureResult(0, 0, 0, 0, attempt);
            try
            {
                if (BeforeCommit is { } hook)
                    await hook().ConfigureAwait(false);
                await Client.TransactAsync(Database, plan.Operations, cancellationToken).ConfigureAwait(false);
            }
            catch (OvsdbException e) when (IsConflict(e) && attempt <= _options.EnsureRetries)
            {
                Log.EnsureConflict(_logger, owner, attempt, e.Message);
                if (e.Error == OvsdbException.ConnectionLost)
                {
                    // The commit may or may not have happened: wait for the resynced replica and plan again.
                    await Client.WaitConnectedAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                await Replica.WaitForChangeAsync(snapshot.Version, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                continue;
            }
            Log.Ensured(_logger, owner, plan.Inserted, plan.Updated, plan.Deleted, plan.WriteOperations);
            // Return once the replica shows the commit, so a following ensure plans from the new state.
            await Replica.WaitForAsync(s => EnsurePlanner.Plan(s, desired, owner, _memo).WriteOperations == 0, TimeSpan.FromSeconds(5),
                cancellationToken).ConfigureAwait(false);
            return new EnsureResult(plan.Inserted, plan.Updated, plan.Deleted, plan.WriteOperations, attempt);
        }
    }

    /// <summary>
    /// Waits until ovs-vswitchd has applied everything committed so far, the way <c>ovs-vsctl</c> does: bumps
    /// Open_vSwitch.next_cfg and waits for cur_cfg to reach it. Returns false when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> WaitForVswitchdAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var results = await Client.TransactAsync(Database,
        [
            OvsdbOperation.Mutate("Open_vSwitch", [], [new OvsdbMutation("next_cfg", "+=", OvsdbDatum.Of(1L))]),
            OvsdbOperation.Select("Open_vSwitch", [], ["next_cfg"]),
        ], cancellationToken).ConfigureAwait(false);
        var target = results[1].Rows is [var row, ..] ? row["next_cfg"].AsInteger() ?? 0 : 0;
        return await Replica.WaitForAsync(s => (s.OpenVswitch?.CurrentConfig ?? 0) >= target, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What an ensure would send now, without sending it (for dry runs and benchmarks).</summary>
    public EnsureResult Plan(OvsdbDesiredState desired, string owner)
    {
        var plan = EnsurePlanner.Plan(Replica.Snapshot, desired, owner, _memo);
        return new EnsureResult(plan.Inserted, plan.Updated, plan.Deleted, plan.WriteOperations, 0);
    }

    private static bool IsConflict(OvsdbException e) =>
        e.Error is "timed out" or "constraint violation" or "referential integrity violation" or OvsdbException.ConnectionLost;

    public async ValueTask DisposeAsync()
    {
        await Replica.DisposeAsync().ConfigureAwait(false);
        await Client.DisposeAsync().ConfigureAwait(false);
    }
}
