using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>How a debugging command ended.</summary>
public enum OvsdbDebugOutcome
{
    Ok,
    /// <summary>The server answered, and an operation failed (the result was still printed).</summary>
    OperationFailed,
    /// <summary>The JSON given was malformed; the message names line:column.</summary>
    BadInput,
    /// <summary>The server could not be reached or dropped the connection.</summary>
    Unreachable,
}

/// <summary>The logic behind <c>fednet ovsdb show</c> and <c>fednet ovsdb transact</c>, kept here so it is tested with the client.</summary>
public static class OvsdbDebug
{
    private static readonly OvsdbClientOptions OneShot = new() { Reconnect = false, RequestTimeout = TimeSpan.FromSeconds(30) };

    /// <summary>Writes <c>ovs-vsctl show</c>-style text for the switch at <paramref name="target"/>.</summary>
    public static async Task<OvsdbDebugOutcome> ShowAsync(string target, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var client = await OvsdbClient.ConnectAsync(target, OneShot, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var replica = await Replica.OvsdbReplica.StartAsync(client, cancellationToken: cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(OvsdbShow.Render(replica.Snapshot)).ConfigureAwait(false);
            return OvsdbDebugOutcome.Ok;
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return OvsdbDebugOutcome.BadInput;
        }
        catch (OvsdbException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return e.Error == OvsdbException.ConnectionLost ? OvsdbDebugOutcome.Unreachable : OvsdbDebugOutcome.OperationFailed;
        }
    }

    /// <summary>
    /// Sends one raw transact. <paramref name="json"/> is <c>["DB", op, ...]</c> or <c>[op, ...]</c> (database
    /// Open_vSwitch); the result is written indented.
    /// </summary>
    public static async Task<OvsdbDebugOutcome> TransactAsync(string target, string json, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        JsonElement ops;
        try
        {
            using var doc = JsonDocument.Parse(json);
            ops = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            await error.WriteLineAsync($"JSON:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: {e.Message}").ConfigureAwait(false);
            return OvsdbDebugOutcome.BadInput;
        }
        if (ops.ValueKind != JsonValueKind.Array)
        {
            await error.WriteLineAsync("JSON:1:1: expected an array of operations").ConfigureAwait(false);
            return OvsdbDebugOutcome.BadInput;
        }
        var database = OvsdbVswitch.Database;
        var list = ops.EnumerateArray().ToList();
        if (list.Count > 0 && list[0].ValueKind == JsonValueKind.String)
        {
            database = list[0].GetString()!;
            list.RemoveAt(0);
        }
        var body = JsonSerializer.SerializeToElement(list, OvsdbJsonContext.Default.ListJsonElement);
        try
        {
            await using var client = await OvsdbClient.ConnectAsync(target, OneShot, cancellationToken: cancellationToken).ConfigureAwait(false);
            var result = await client.TransactRawAsync(database, body, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, OvsdbJsonContext.Indented.JsonElement)).ConfigureAwait(false);
            var failed = result.ValueKind == JsonValueKind.Array && result.EnumerateArray()
                .Any(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String);
            return failed ? OvsdbDebugOutcome.OperationFailed : OvsdbDebugOutcome.Ok;
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return OvsdbDebugOutcome.BadInput;
        }
        catch (OvsdbException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return e.Error == OvsdbException.ConnectionLost ? OvsdbDebugOutcome.Unreachable : OvsdbDebugOutcome.OperationFailed;
        }
    }
}
