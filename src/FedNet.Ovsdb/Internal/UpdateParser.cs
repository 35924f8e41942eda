using System.Text.Json;

namespace FedNet.Ovsdb.Internal;

/// <summary>Parses &lt;table-updates&gt; (RFC 7047 4.1.6) and &lt;table-updates2&gt; (ovsdb-server(7)).</summary>
internal static class UpdateParser
{
    public static OvsdbUpdateBatch Parse(JsonElement updates, DatabaseSchema schema, bool v2, bool initial)
    {
        if (updates.ValueKind != JsonValueKind.Object)
            throw new FormatException("table updates must be a JSON object");
        var rows = new List<OvsdbRowUpdate>();
        List<string>? unknown = null;
        foreach (var t in updates.EnumerateObject())
        {
            if (!schema.Tables.TryGetValue(t.Name, out var table))
            {
                (unknown ??= []).Add(t.Name);
                continue;
            }
            if (t.Value.ValueKind != JsonValueKind.Object)
                throw new FormatException($"updates of table {t.Name} must be a JSON object");
            foreach (var r in t.Value.EnumerateObject())
            {
                if (!Guid.TryParseExact(r.Name, "D", out var uuid))
                    throw new FormatException($"table {t.Name}: bad row uuid \"{r.Name}\"");
                if (r.Value.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"table {t.Name} row {uuid}: update must be an object");
                rows.Add(v2 ? ParseV2(t.Name, uuid, r.Value, table, initial) : ParseV1(t.Name, uuid, r.Value, table, initial));
            }
        }
        return new OvsdbUpdateBatch(rows, initial, (IReadOnlyList<string>?)unknown ?? []);
    }

    private static OvsdbRowUpdate ParseV1(string name, Guid uuid, JsonElement u, TableSchema table, bool initial)
    {
        var old = u.TryGetProperty("old", out var o) && o.ValueKind == JsonValueKind.Object ? OvsdbRow.ParseColumns(o, table) : null;
        var @new = u.TryGetProperty("new", out var n) && n.ValueKind == JsonValueKind.Object ? OvsdbRow.ParseColumns(n, table) : null;
        var kind = (old, @new) switch
        {
            (_, null) => RowUpdateKind.Delete,
            (null, _) => initial ? RowUpdateKind.Initial : RowUpdateKind.Insert,
            _ => RowUpdateKind.Modify,
        };
        return new OvsdbRowUpdate(name, uuid, kind, old, @new);
    }

    private static OvsdbRowUpdate ParseV2(string name, Guid uuid, JsonElement u, TableSchema table, bool initial)
    {
        foreach (var p in u.EnumerateObject())
        {
            switch (p.Name)
            {
                case "initial":
                    return new OvsdbRowUpdate(name, uuid, RowUpdateKind.Initial, null, OvsdbRow.ParseColumns(p.Value, table));
                case "insert":
                    return new OvsdbRowUpdate(name, uuid, initial ? RowUpdateKind.Initial : RowUpdateKind.Insert, null,
                        OvsdbRow.ParseColumns(p.Value, table));
                case "delete":
                    return new OvsdbRowUpdate(name, uuid, RowUpdateKind.Delete, null, null);
                case "modify":
                    return new OvsdbRowUpdate(name, uuid, RowUpdateKind.ModifyDiff, null, ParseDiff(p.Value, table));
            }
        }
        throw new FormatException($"table {name} row {uuid}: update2 needs initial, insert, delete or modify");
    }

    // A set diff may hold more elements than the column allows, and a map diff is always a map: parse untyped
    // cardinality but typed atoms.
    private static Dictionary<string, OvsdbDatum> ParseDiff(JsonElement row, TableSchema table)
    {
        if (row.ValueKind != JsonValueKind.Object)
            throw new FormatException("a row diff must be a JSON object");
        var d = new Dictionary<string, OvsdbDatum>(StringComparer.Ordinal);
        foreach (var p in row.EnumerateObject())
            d[p.Name] = OvsdbDatum.FromJson(p.Value, table.Column(p.Name)?.Type);
        return d;
    }
}
