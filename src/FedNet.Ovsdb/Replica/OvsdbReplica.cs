using System.Collections.Immutable;

namespace FedNet.Ovsdb.Replica;

/// <summary>
/// An in-memory copy of some tables of a database, kept current by a monitor (monitor_cond/update2 when the server
/// has it, RFC 7047 monitor otherwise). After a reconnect the monitor's fresh contents are compared with the replica and
/// only real differences are applied and reported, so a resync raises no spurious events.
/// </summary>
public sealed class OvsdbReplica : IAsyncDisposable
{
    /// <summary>The Open_vSwitch tables FedNet uses.</summary>
    public static readonly IReadOnlyList<string> VswitchTables =
        ["Open_vSwitch", "Bridge", "Port", "Interface", "Controller", "Manager", "QoS", "Queue", "Mirror", "Flow_Table"];

    // Counters ovs-vswitchd rewrites every few seconds: noise for a configuration replica.
    private static readonly HashSet<string> NoisyColumns = ["statistics"];

    private readonly Lock _gate = new();
    private readonly DatabaseSchema _schema;
    private readonly IReadOnlyList<string> _tables;
    private readonly Dictionary<string, IReadOnlyList<ColumnSchema>> _columns;
    private ImmutableDictionary<string, ImmutableDictionary<Guid, OvsdbRow>> _rows;
    private long _version;
    private long _rowUpdates;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private OvsdbMonitor? _monitor;
    private int _resyncs;

    private OvsdbReplica(OvsdbClient client, DatabaseSchema schema, IReadOnlyList<string> tables)
    {
        Client = client;
        _schema = schema;
        _tables = tables;
        _columns = tables.ToDictionary(t => t, t => (IReadOnlyList<ColumnSchema>)schema.Table(t).Columns.Values
            .Where(c => !NoisyColumns.Contains(c.Name)).ToList(), StringComparer.Ordinal);
        _rows = tables.ToImmutableDictionary(t => t, _ => ImmutableDictionary<Guid, OvsdbRow>.Empty, StringComparer.Ordinal);
    }

    public OvsdbClient Client { get; }

    /// <summary>The schema the replica was built against.</summary>
    public DatabaseSchema Schema => _schema;

    /// <summary>Raised on the client's reader after each applied update that changed something.</summary>
    public event EventHandler<OvsdbReplicaChangedEventArgs>? Changed;

    /// <summary>The current contents.</summary>
    public OvsdbReplicaSnapshot Snapshot
    {
        get
        {
            lock (_gate)
                return new OvsdbReplicaSnapshot(_rows, _version);
        }
    }

    /// <summary>How many row updates have been applied (for throughput measurements).</summary>
    public long RowUpdatesApplied => Interlocked.Read(ref _rowUpdates);

    /// <summary>How many times the replica re-synchronised after a reconnect.</summary>
    public int Resyncs => _resyncs;

    /// <summary>True when the monitor uses monitor_cond/update2.</summary>
    public bool IsConditional => _monitor?.IsConditional ?? false;

    /// <summary>
    /// Starts monitoring <paramref name="tables"/> (default <see cref="VswitchTables"/>) of <paramref name="database"/>
    /// and returns once the initial contents are in.
    /// </summary>
    public static async Task<OvsdbReplica> StartAsync(OvsdbClient client, string database = "Open_vSwitch",
        IReadOnlyList<string>? tables = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var schema = await client.GetSchemaAsync(database, cancellationToken).ConfigureAwait(false);
        tables ??= VswitchTables.Where(schema.Tables.ContainsKey).ToList();
        var replica = new OvsdbReplica(client, schema, tables);
        var requests = tables.Select(t => new OvsdbMonitorRequest(t)
        {
            Columns = schema.Table(t).Columns.Keys.Where(c => !NoisyColumns.Contains(c)).ToList(),
        }).ToList();
        try
        {
            replica._monitor = await client.MonitorAsync(database, requests, replica.Apply, conditional: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OvsdbException e) when (e.Error.Contains("unknown method", StringComparison.OrdinalIgnoreCase))
        {
            replica._monitor = await client.MonitorAsync(database, requests, replica.Apply, conditional: false, cancellationToken).ConfigureAwait(false);
        }
        return replica;
    }

    /// <summary>Waits until a snapshot satisfies <paramref name="predicate"/>; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitForAsync(Func<OvsdbReplicaSnapshot, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            OvsdbReplicaSnapshot snapshot;
            lock (_gate)
            {
                changed = _changed.Task;
                snapshot = new OvsdbReplicaSnapshot(_rows, _version);
            }
            if (predicate(snapshot))
                return true;
            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return predicate(Snapshot);
            }
        }
    }

    /// <summary>Waits for the next applied change; false on timeout.</summary>
    public Task<bool> WaitForChangeAsync(long afterVersion, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForAsync(s => s.Version > afterVersion, timeout, cancellationToken);

    private void Apply(OvsdbUpdateBatch batch)
    {
        var changes = new List<OvsdbRowChange>();
        OvsdbReplicaSnapshot after;
        TaskCompletionSource signal;
        var resync = false;
        lock (_gate)
        {
            var builder = _rows.ToBuilder();
            if (batch.IsInitial)
            {
                resync = _version > 0;
                if (resync)
                    _resyncs++;
                var fresh = batch.Rows.GroupBy(r => r.Table).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Uuid, r => r.New!));
                foreach (var table in _tables)
                {
                    var old = builder.TryGetValue(table, out var t) ? t : ImmutableDictionary<Guid, OvsdbRow>.Empty;
                    var now = fresh.TryGetValue(table, out var f) ? f : [];
                    var tb = old.ToBuilder();
                    foreach (var (uuid, row) in old)
                        if (!now.ContainsKey(uuid))
                        {
                            tb.Remove(uuid);
                            changes.Add(new OvsdbRowChange(table, uuid, RowChangeKind.Deleted, row, null));
                        }
                    foreach (var (uuid, cols) in now)
                    {
                        var row = new OvsdbRow(uuid, WithDefaults(table, cols));
                        if (!old.TryGetValue(uuid, out var before))
                        {
                            tb[uuid] = row;
                            changes.Add(new OvsdbRowChange(table, uuid, RowChangeKind.Inserted, null, row));
                        }
                        else if (!before.Equals(row))
                        {
                            tb[uuid] = row;
                            changes.Add(new OvsdbRowChange(table, uuid, RowChangeKind.Modified, before, row));
                        }
                    }
                    builder[table] = tb.ToImmutable();
                }
            }
            else
            {
                foreach (var group in batch.Rows.GroupBy(r => r.Table))
                {
                    if (!builder.TryGetValue(group.Key, out var t))
                        continue;
                    var tb = t.ToBuilder();
                    var table = _schema.Table(group.Key);
                    foreach (var u in group)
                        ApplyRow(tb, table, u, changes, _columns[group.Key]);
                    builder[group.Key] = tb.ToImmutable();
                }
            }
            Interlocked.Add(ref _rowUpdates, batch.Rows.Count);
            if (changes.Count == 0 && _version > 0)
                return;
            _rows = builder.ToImmutable();
            _version++;
            after = new OvsdbReplicaSnapshot(_rows, _version);
            signal = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        signal.TrySetResult();
        if (changes.Count > 0)
            Changed?.Invoke(this, new OvsdbReplicaChangedEventArgs(changes, resync, after));
    }

    private IReadOnlyDictionary<string, OvsdbDatum> WithDefaults(string table, IReadOnlyDictionary<string, OvsdbDatum> cols) =>
        FillDefaults(_columns[table], cols);

    // update2 leaves columns holding their default out of initial and inserted rows; the replica stores every column.
    private static Dictionary<string, OvsdbDatum> FillDefaults(IReadOnlyList<ColumnSchema> columns, IReadOnlyDictionary<string, OvsdbDatum> cols)
    {
        var full = new Dictionary<string, OvsdbDatum>(cols, StringComparer.Ordinal);
        foreach (var c in columns)
            if (!full.ContainsKey(c.Name))
                full[c.Name] = c.Type.Default();
        return full;
    }

    private static void ApplyRow(ImmutableDictionary<Guid, OvsdbRow>.Builder rows, TableSchema table, OvsdbRowUpdate u,
        List<OvsdbRowChange> changes, IReadOnlyList<ColumnSchema> columns)
    {
        rows.TryGetValue(u.Uuid, out var before);
        switch (u.Kind)
        {
            case RowUpdateKind.Delete:
                if (before is not null)
                {
                    rows.Remove(u.Uuid);
                    changes.Add(new OvsdbRowChange(table.Name, u.Uuid, RowChangeKind.Deleted, before, null));
                }
                return;
            case RowUpdateKind.Initial or RowUpdateKind.Insert:
            {
                var row = new OvsdbRow(u.Uuid, FillDefaults(columns, u.New!));
                rows[u.Uuid] = row;
                changes.Add(new OvsdbRowChange(table.Name, u.Uuid, before is null ? RowChangeKind.Inserted : RowChangeKind.Modified, before, row));
                return;
            }
            case RowUpdateKind.Modify or RowUpdateKind.ModifyDiff:
            {
                if (before is null)
                    throw new FormatException($"{table.Name} row {u.Uuid}: modify of a row the replica does not have");
                var cols = new Dictionary<string, OvsdbDatum>(before.Columns, StringComparer.Ordinal);
                foreach (var (name, value) in u.New ?? new Dictionary<string, OvsdbDatum>())
                {
                    if (u.Kind == RowUpdateKind.Modify)
                        cols[name] = value;
                    else if (table.Column(name) is { } col)
                        cols[name] = cols.TryGetValue(name, out var old) ? old.ApplyDiff(value, col.Type) : value;
                }
                var row = new OvsdbRow(u.Uuid, cols);
                rows[u.Uuid] = row;
                changes.Add(new OvsdbRowChange(table.Name, u.Uuid, RowChangeKind.Modified, before, row));
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_monitor is not null)
            await _monitor.DisposeAsync().ConfigureAwait(false);
    }
}
