namespace FedNet.Ovsdb;

/// <summary>One table of a database schema (RFC 7047 section 3.2 &lt;table-schema&gt;).</summary>
public sealed record TableSchema(string Name, IReadOnlyDictionary<string, ColumnSchema> Columns, bool IsRoot,
    int? MaxRows, IReadOnlyList<IReadOnlyList<string>> Indexes)
{
    /// <summary>The column named <paramref name="name"/>; the implicit <c>_uuid</c> and <c>_version</c> included.</summary>
    public ColumnSchema? Column(string name) => Columns.TryGetValue(name, out var c) ? c
        : name is "_uuid" or "_version" ? new ColumnSchema(name, new ColumnType(new BaseType(AtomicType.Uuid), null, 1, 1), Mutable: false)
        : null;
}
