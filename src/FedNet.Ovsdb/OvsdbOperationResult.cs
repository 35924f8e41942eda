using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>The result of one successful transaction operation (RFC 7047 section 5.2).</summary>
public sealed record OvsdbOperationResult
{
    /// <summary>insert: the new row's uuid.</summary>
    public Guid? Uuid { get; init; }

    /// <summary>update, mutate, delete: how many rows matched.</summary>
    public long? Count { get; init; }

    /// <summary>select: the rows, columns typed by the schema.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, OvsdbDatum>>? Rows { get; init; }

    /// <summary>The raw JSON result.</summary>
    public JsonElement Json { get; init; }

    internal static OvsdbOperationResult Parse(JsonElement json, TableSchema? table)
    {
        var r = new OvsdbOperationResult { Json = json };
        if (json.ValueKind != JsonValueKind.Object)
            return r;
        if (json.TryGetProperty("uuid", out var u))
            r = r with { Uuid = OvsdbDatum.FromJson(u).AsUuid() };
        if (json.TryGetProperty("count", out var c) && c.TryGetInt64(out var n))
            r = r with { Count = n };
        if (json.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array)
            r = r with { Rows = rows.EnumerateArray().Select(row => OvsdbRow.ParseColumns(row, table)).ToList() };
        return r;
    }
}
