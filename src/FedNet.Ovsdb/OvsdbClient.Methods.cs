using System.Text.Json;

namespace FedNet.Ovsdb;

public sealed partial class OvsdbClient
{
    /// <summary>RFC 7047 4.1.1 list_dbs.</summary>
    public async Task<IReadOnlyList<string>> ListDbsAsync(CancellationToken cancellationToken = default)
    {
        var result = await RequestAsync("list_dbs", _ => { }, cancellationToken).ConfigureAwait(false);
        return result.Deserialize(OvsdbJsonContext.Default.StringArray) ?? [];
    }

    /// <summary>RFC 7047 4.1.2 get_schema; the result is cached per database and used to check writes.</summary>
    public async Task<DatabaseSchema> GetSchemaAsync(string database, CancellationToken cancellationToken = default)
    {
        if (_schemas.TryGetValue(database, out var cached))
            return cached;
        var result = await RequestAsync("get_schema", w => w.WriteStringValue(database), cancellationToken).ConfigureAwait(false);
        var schema = DatabaseSchema.Parse(result);
        _schemas[database] = schema;
        return schema;
    }

    /// <summary>
    /// RFC 7047 4.1.3 transact. Operations are checked against the schema first (a bad write throws
    /// <see cref="OvsdbException"/> with <see cref="OvsdbException.SchemaViolation"/> and sends nothing). If an
    /// operation fails, throws <see cref="OvsdbException"/> carrying the server's error, details, the failed operation's
    /// index and every result. Cancelling the token sends <c>cancel</c> (4.1.4) for the request; ovsdb-server then
    /// abandons it (it sends no reply, although the RFC asks for a "canceled" error).
    /// </summary>
    public async Task<IReadOnlyList<OvsdbOperationResult>> TransactAsync(string database, IReadOnlyList<OvsdbOperation> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var schema = await GetSchemaAsync(database, cancellationToken).ConfigureAwait(false);
        foreach (var op in operations)
            op.Validate(schema);
        Interlocked.Increment(ref _transactions);
        var result = await RequestAsync("transact", w =>
        {
            w.WriteStringValue(database);
            foreach (var op in operations)
                op.WriteTo(w, schema);
        }, cancellationToken, onCancel: id => _ = CancelAsync(id)).ConfigureAwait(false);
        return ParseTransactResult(result, operations, schema);
    }

    /// <summary>Sends a raw transact (params after the database name given as JSON), unchecked; for debugging tools.</summary>
    public async Task<JsonElement> TransactRawAsync(string database, JsonElement operations, CancellationToken cancellationToken = default)
    {
        if (operations.ValueKind != JsonValueKind.Array)
            throw new ArgumentException("operations must be a JSON array", nameof(operations));
        Interlocked.Increment(ref _transactions);
        return await RequestAsync("transact", w =>
        {
            w.WriteStringValue(database);
            foreach (var op in operations.EnumerateArray())
                op.WriteTo(w);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static List<OvsdbOperationResult> ParseTransactResult(JsonElement result, IReadOnlyList<OvsdbOperation> operations, DatabaseSchema schema)
    {
        if (result.ValueKind != JsonValueKind.Array)
            throw new OvsdbException(OvsdbException.ProtocolError, "transact result is not an array");
        var list = new List<OvsdbOperationResult>(operations.Count);
        var i = 0;
        foreach (var r in result.EnumerateArray())
        {
            // 4.1.3: an operation's result is an error object when it failed; an extra trailing error means the
            // commit itself failed (for example a constraint or referential integrity violation).
            if (r.ValueKind == JsonValueKind.Object && r.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
                throw new OvsdbException(e.GetString()!, r.TryGetProperty("details", out var d) ? d.GetString() : null, result, i);
            if (i < operations.Count)
            {
                var table = operations[i].Table is { } t && schema.Tables.TryGetValue(t, out var ts) ? ts : null;
                list.Add(OvsdbOperationResult.Parse(r, table));
            }
            i++;
        }
        if (i < operations.Count)
            throw new OvsdbException(OvsdbException.ProtocolError, $"transact returned {i} results for {operations.Count} operations", result);
        return list;
    }

    /// <summary>RFC 7047 4.1.4 cancel: asks the server to abandon the request with id <paramref name="requestId"/>.</summary>
    public Task CancelAsync(long requestId, CancellationToken cancellationToken = default) =>
        NotifyAsync("cancel", w => w.WriteNumberValue(requestId), cancellationToken);

    /// <summary>RFC 7047 4.1.11 echo: returns the params the server echoed back.</summary>
    public async Task<IReadOnlyList<string>> EchoAsync(IReadOnlyList<string> payload, CancellationToken cancellationToken = default)
    {
        var result = await RequestAsync("echo", w =>
        {
            foreach (var s in payload)
                w.WriteStringValue(s);
        }, cancellationToken).ConfigureAwait(false);
        return result.Deserialize(OvsdbJsonContext.Default.StringArray) ?? [];
    }
}
