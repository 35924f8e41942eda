using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>
/// One operation of a <c>transact</c> request (RFC 7047 section 5.2). Build them with the static methods; each is
/// checked against the schema before it is sent.
/// </summary>
public sealed class OvsdbOperation
{
    private OvsdbOperation(string op) => Op = op;

    /// <summary>The operation name: insert, select, update, mutate, delete, wait, commit, abort, comment, assert.</summary>
    public string Op { get; }
    public string? Table { get; private init; }
    public IReadOnlyDictionary<string, OvsdbDatum>? Row { get; private init; }
    public IReadOnlyList<OvsdbCondition>? Where { get; private init; }
    public IReadOnlyList<OvsdbMutation>? Mutations { get; private init; }
    public IReadOnlyList<string>? Columns { get; private init; }
    public IReadOnlyList<IReadOnlyDictionary<string, OvsdbDatum>>? Rows { get; private init; }
    public string? UuidName { get; private init; }
    public string? Until { get; private init; }
    public long? TimeoutMs { get; private init; }
    public bool Durable { get; private init; }
    public string? Text { get; private init; }
    public string? Lock { get; private init; }
    internal JsonElement? RawJson { get; private init; }

    /// <summary>True for operations that change the database.</summary>
    public bool IsWrite => Op is "insert" or "update" or "mutate" or "delete";

    /// <summary>5.2.1 insert; <paramref name="uuidName"/> lets later operations refer to the row as named-uuid.</summary>
    public static OvsdbOperation Insert(string table, IReadOnlyDictionary<string, OvsdbDatum> row, string? uuidName = null) =>
        new("insert") { Table = table, Row = row, UuidName = uuidName };

    /// <summary>5.2.2 select.</summary>
    public static OvsdbOperation Select(string table, IReadOnlyList<OvsdbCondition> where, IReadOnlyList<string>? columns = null) =>
        new("select") { Table = table, Where = where, Columns = columns };

    /// <summary>5.2.3 update.</summary>
    public static OvsdbOperation Update(string table, IReadOnlyList<OvsdbCondition> where, IReadOnlyDictionary<string, OvsdbDatum> row) =>
        new("update") { Table = table, Where = where, Row = row };

    /// <summary>5.2.4 mutate.</summary>
    public static OvsdbOperation Mutate(string table, IReadOnlyList<OvsdbCondition> where, IReadOnlyList<OvsdbMutation> mutations) =>
        new("mutate") { Table = table, Where = where, Mutations = mutations };

    /// <summary>5.2.5 delete.</summary>
    public static OvsdbOperation Delete(string table, IReadOnlyList<OvsdbCondition> where) =>
        new("delete") { Table = table, Where = where };

    /// <summary>5.2.6 wait: until the rows matching <paramref name="where"/>, projected on <paramref name="columns"/>, are (<c>==</c>) or are not (<c>!=</c>) <paramref name="rows"/>.</summary>
    public static OvsdbOperation Wait(string table, IReadOnlyList<OvsdbCondition> where, IReadOnlyList<string> columns,
        IReadOnlyList<IReadOnlyDictionary<string, OvsdbDatum>> rows, string until = "==", long? timeoutMs = 0) =>
        new("wait") { Table = table, Where = where, Columns = columns, Rows = rows, Until = until, TimeoutMs = timeoutMs };

    /// <summary>5.2.7 commit.</summary>
    public static OvsdbOperation Commit(bool durable) => new("commit") { Durable = durable };

    /// <summary>5.2.8 abort.</summary>
    public static OvsdbOperation Abort() => new("abort");

    /// <summary>5.2.9 comment.</summary>
    public static OvsdbOperation Comment(string comment) => new("comment") { Text = comment };

    /// <summary>5.2.10 assert: the transaction fails unless this session holds <paramref name="lockName"/>.</summary>
    public static OvsdbOperation Assert(string lockName) => new("assert") { Lock = lockName };

    /// <summary>An operation given as raw JSON (for debugging tools); it is sent unchecked.</summary>
    public static OvsdbOperation FromJson(JsonElement json) =>
        new(json.ValueKind == JsonValueKind.Object && json.TryGetProperty("op", out var op) ? op.GetString() ?? "?" : "?")
        {
            RawJson = json.Clone(),
            Table = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("table", out var t) ? t.GetString() : null,
        };

    /// <summary>
    /// Refuses locally what the server would refuse: unknown tables/columns, values of the wrong type, cardinality or
    /// enum, writes to immutable columns. The error names table, column and value.
    /// </summary>
    public void Validate(DatabaseSchema schema)
    {
        if (RawJson is not null || Table is null)
            return;
        var table = schema.Table(Table);
        if (Row is not null)
            foreach (var (name, value) in Row)
            {
                var col = table.Column(name) ?? throw Violation(table.Name, name, value, "no such column");
                if (name.StartsWith('_'))
                    throw Violation(table.Name, name, value, "read-only column");
                if (Op == "update" && !col.Mutable)
                    throw Violation(table.Name, name, value, "column is immutable");
                if (col.Type.Check(value) is { } why)
                    throw Violation(table.Name, name, value, why);
            }
        if (Where is not null)
            foreach (var c in Where)
            {
                var col = table.Column(c.Column) ?? throw Violation(table.Name, c.Column, c.Value, "no such column");
                if (col.Type.Check(c.Value, ignoreCardinality: c.Function is "includes" or "excludes") is { } why)
                    throw Violation(table.Name, c.Column, c.Value, why);
            }
        if (Mutations is not null)
            foreach (var m in Mutations)
            {
                var col = table.Column(m.Column) ?? throw Violation(table.Name, m.Column, m.Value, "no such column");
                if (!col.Mutable || m.Column.StartsWith('_'))
                    throw Violation(table.Name, m.Column, m.Value, "column is immutable");
                string? why = m.Mutator switch
                {
                    "insert" => col.Type.Check(m.Value, ignoreCardinality: true),
                    // A map's delete may name keys only (a set of keys).
                    "delete" when col.Type.IsMap && !m.Value.IsMap => new ColumnType(col.Type.Key, null, 0, int.MaxValue).Check(m.Value),
                    "delete" => col.Type.Check(m.Value, ignoreCardinality: true),
                    "+=" or "-=" or "*=" or "/=" or "%=" => col.Type.Key.Type is AtomicType.Integer or AtomicType.Real && m.Value.Count == 1
                        ? null : "arithmetic needs an integer or real column and one operand",
                    _ => $"unknown mutator \"{m.Mutator}\"",
                };
                if (why is not null)
                    throw Violation(table.Name, m.Column, m.Value, why);
            }
        if (Columns is not null)
            foreach (var c in Columns)
                if (table.Column(c) is null)
                    throw Violation(table.Name, c, null, "no such column");
    }

    private static OvsdbException Violation(string table, string column, OvsdbDatum? value, string why) =>
        new(OvsdbException.SchemaViolation, $"{table}.{column}" + (value is null ? "" : $" = {value}") + $": {why}");

    internal void WriteTo(Utf8JsonWriter w, DatabaseSchema? schema)
    {
        if (RawJson is { } raw)
        {
            raw.WriteTo(w);
            return;
        }
        var table = Table is not null && schema is not null && schema.Tables.TryGetValue(Table, out var t) ? t : null;
        w.WriteStartObject();
        w.WriteString("op", Op);
        if (Table is not null)
            w.WriteString("table", Table);
        if (Row is not null)
        {
            w.WritePropertyName("row");
            WriteRow(w, Row, table);
        }
        if (Where is not null)
        {
            w.WritePropertyName("where");
            w.WriteStartArray();
            foreach (var c in Where)
            {
                w.WriteStartArray();
                w.WriteStringValue(c.Column);
                w.WriteStringValue(c.Function);
                c.Value.WriteTo(w, table?.Column(c.Column)?.Type);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        if (Mutations is not null)
        {
            w.WritePropertyName("mutations");
            w.WriteStartArray();
            foreach (var m in Mutations)
            {
                w.WriteStartArray();
                w.WriteStringValue(m.Column);
                w.WriteStringValue(m.Mutator);
                var type = table?.Column(m.Column)?.Type;
                m.Value.WriteTo(w, m.Mutator == "delete" && type is { IsMap: true } && !m.Value.IsMap ? null : type);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        if (Columns is not null)
        {
            w.WritePropertyName("columns");
            w.WriteStartArray();
            foreach (var c in Columns)
                w.WriteStringValue(c);
            w.WriteEndArray();
        }
        if (Rows is not null)
        {
            w.WritePropertyName("rows");
            w.WriteStartArray();
            foreach (var r in Rows)
                WriteRow(w, r, table);
            w.WriteEndArray();
        }
        if (UuidName is not null) w.WriteString("uuid-name", UuidName);
        if (Until is not null) w.WriteString("until", Until);
        if (TimeoutMs is { } timeout) w.WriteNumber("timeout", timeout);
        if (Op == "commit") w.WriteBoolean("durable", Durable);
        if (Text is not null) w.WriteString("comment", Text);
        if (Lock is not null) w.WriteString("lock", Lock);
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, IReadOnlyDictionary<string, OvsdbDatum> row, TableSchema? table)
    {
        w.WriteStartObject();
        foreach (var (name, value) in row)
        {
            w.WritePropertyName(name);
            value.WriteTo(w, table?.Column(name)?.Type);
        }
        w.WriteEndObject();
    }

    public override string ToString() => $"{Op} {Table}";
}
