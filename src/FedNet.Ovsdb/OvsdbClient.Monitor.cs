using System.Collections.Concurrent;
using System.Text.Json;
using FedNet.Ovsdb.Internal;

namespace FedNet.Ovsdb;

public sealed partial class OvsdbClient
{
    private readonly ConcurrentDictionary<string, MonitorRegistration> _monitors = new(StringComparer.Ordinal);
    private long _nextMonitor;

    /// <summary>
    /// RFC 7047 4.1.5 monitor, or (<paramref name="conditional"/>) monitor_cond with update2 notifications. The
    /// handler gets the initial contents (<see cref="OvsdbUpdateBatch.IsInitial"/>) and every later change, in order, on
    /// the reader; after a reconnect the monitor is re-established and the handler gets the full contents again with
    /// IsInitial set.
    /// </summary>
    public async Task<OvsdbMonitor> MonitorAsync(string database, IReadOnlyList<OvsdbMonitorRequest> requests,
        Action<OvsdbUpdateBatch> handler, bool conditional = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(handler);
        var schema = await GetSchemaAsync(database, cancellationToken).ConfigureAwait(false);
        foreach (var r in requests)
        {
            var table = schema.Table(r.Table);
            foreach (var c in r.Columns ?? [])
                if (table.Column(c) is null)
                    throw new OvsdbException(OvsdbException.SchemaViolation, $"{r.Table}.{c}: no such column");
            if (r.Where is not null && !conditional)
                throw new ArgumentException("a where clause needs a conditional monitor (monitor_cond)", nameof(requests));
        }
        var id = "fednet-" + Interlocked.Increment(ref _nextMonitor);
        var registration = new MonitorRegistration(id, database, requests, handler, conditional, schema);
        _monitors[id] = registration;
        try
        {
            await SendMonitorAsync(registration, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _monitors.TryRemove(id, out _);
            throw;
        }
        return new OvsdbMonitor(this, id, conditional);
    }

    private Task<JsonElement> SendMonitorAsync(MonitorRegistration m, CancellationToken cancellationToken) =>
        RequestAsync(m.Conditional ? "monitor_cond" : "monitor", w =>
        {
            w.WriteStringValue(m.Database);
            w.WriteStringValue(m.Id);
            w.WriteStartObject();
            foreach (var group in m.Requests.GroupBy(r => r.Table, StringComparer.Ordinal))
            {
                w.WritePropertyName(group.Key);
                w.WriteStartArray();
                foreach (var r in group)
                {
                    w.WriteStartObject();
                    if (r.Columns is not null)
                    {
                        w.WritePropertyName("columns");
                        w.WriteStartArray();
                        foreach (var c in r.Columns)
                            w.WriteStringValue(c);
                        w.WriteEndArray();
                    }
                    if (r.Where is not null)
                    {
                        var table = m.Schema.Table(r.Table);
                        w.WritePropertyName("where");
                        w.WriteStartArray();
                        foreach (var c in r.Where)
                        {
                            w.WriteStartArray();
                            w.WriteStringValue(c.Column);
                            w.WriteStringValue(c.Function);
                            c.Value.WriteTo(w, table.Column(c.Column)?.Type);
                            w.WriteEndArray();
                        }
                        w.WriteEndArray();
                    }
                    w.WritePropertyName("select");
                    w.WriteStartObject();
                    w.WriteBoolean("initial", r.Initial);
                    w.WriteBoolean("insert", r.Insert);
                    w.WriteBoolean("delete", r.Delete);
                    w.WriteBoolean("modify", r.Modify);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }, cancellationToken, onReader: result =>
        {
            // Runs on the reader so no update notification can overtake the initial contents.
            var batch = UpdateParser.Parse(result, m.Schema, m.Conditional, initial: true);
            if (batch.UnknownTables.Count > 0)
                Log.UnknownTables(_logger, string.Join(", ", batch.UnknownTables));
            m.Handler(batch);
            return default;
        });

    /// <summary>RFC 7047 4.1.7 monitor_cancel.</summary>
    internal async Task MonitorCancelAsync(string id, CancellationToken cancellationToken)
    {
        if (!_monitors.TryRemove(id, out _))
            return;
        await RequestAsync("monitor_cancel", w => w.WriteStringValue(id), cancellationToken).ConfigureAwait(false);
    }

    private void HandleUpdate(string method, JsonElement pars)
    {
        if (pars.ValueKind != JsonValueKind.Array || pars.GetArrayLength() < 2)
            throw new JsonException($"{method} params must be [monitor-id, updates]");
        var id = pars[0].ValueKind == JsonValueKind.String ? pars[0].GetString()! : pars[0].GetRawText();
        if (!_monitors.TryGetValue(id, out var m))
        {
            // A notification already in flight when the monitor was cancelled, or one we never asked for.
            Log.UnknownNotification(_logger, method + " " + id, Target.Text);
            return;
        }
        var batch = UpdateParser.Parse(pars[1], m.Schema, v2: method == "update2", initial: false);
        if (batch.UnknownTables.Count > 0)
            Log.UnknownTables(_logger, string.Join(", ", batch.UnknownTables));
        if (batch.Rows.Count > 0)
            m.Handler(batch);
    }

    private async Task ResyncAsync()
    {
        var monitors = 0;
        foreach (var m in _monitors.Values.OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            try
            {
                await SendMonitorAsync(m, _lifetime.Token).ConfigureAwait(false);
                monitors++;
            }
            catch (Exception e) when (e is OvsdbException or TimeoutException or OperationCanceledException)
            {
                Log.ResyncFailed(_logger, m.Id, e.Message);
            }
        }
        var locks = await RelockAsync().ConfigureAwait(false);
        Log.Resynced(_logger, monitors, locks, Target.Text);
    }

    private sealed record MonitorRegistration(string Id, string Database, IReadOnlyList<OvsdbMonitorRequest> Requests,
        Action<OvsdbUpdateBatch> Handler, bool Conditional, DatabaseSchema Schema);
}
