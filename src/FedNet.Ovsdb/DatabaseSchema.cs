using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>A database schema (RFC 7047 section 3.2), as returned by <c>get_schema</c>.</summary>
public sealed record DatabaseSchema(string Name, string Version, IReadOnlyDictionary<string, TableSchema> Tables)
{
    /// <summary>The schema JSON it was parsed from.</summary>
    public JsonElement Json { get; init; }

    /// <summary>The table named <paramref name="name"/>, or throws naming it.</summary>
    public TableSchema Table(string name) => Tables.TryGetValue(name, out var t) ? t
        : throw new OvsdbException(OvsdbException.SchemaViolation, $"database {Name} has no table \"{name}\"");

    /// <summary>Parses a schema; throws <see cref="FormatException"/> naming the offending table/column.</summary>
    public static DatabaseSchema Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new FormatException("schema: must be an object");
        var name = json.TryGetProperty("name", out var n) ? n.GetString() ?? "" : throw new FormatException("schema: missing \"name\"");
        var version = json.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "";
        if (!json.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Object)
            throw new FormatException("schema: missing \"tables\"");
        var result = new Dictionary<string, TableSchema>(StringComparer.Ordinal);
        foreach (var t in tables.EnumerateObject())
        {
            var columns = new Dictionary<string, ColumnSchema>(StringComparer.Ordinal);
            if (!t.Value.TryGetProperty("columns", out var cols) || cols.ValueKind != JsonValueKind.Object)
                throw new FormatException($"schema: table {t.Name}: missing \"columns\"");
            foreach (var c in cols.EnumerateObject())
            {
                var where = $"schema: {t.Name}.{c.Name}";
                if (!c.Value.TryGetProperty("type", out var type))
                    throw new FormatException($"{where}: missing \"type\"");
                columns[c.Name] = new ColumnSchema(c.Name, ColumnType.Parse(type, where),
                    c.Value.TryGetProperty("ephemeral", out var e) && e.GetBoolean(),
                    !c.Value.TryGetProperty("mutable", out var m) || m.GetBoolean());
            }
            var indexes = new List<IReadOnlyList<string>>();
            if (t.Value.TryGetProperty("indexes", out var idx))
                foreach (var i in idx.EnumerateArray())
                    indexes.Add(i.EnumerateArray().Select(x => x.GetString()!).ToArray());
            result[t.Name] = new TableSchema(t.Name, columns,
                t.Value.TryGetProperty("isRoot", out var r) && r.GetBoolean(),
                t.Value.TryGetProperty("maxRows", out var mr) ? mr.GetInt32() : null, indexes);
        }
        return new DatabaseSchema(name, version, result) { Json = json.Clone() };
    }
}
