using System.Collections.Frozen;
using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>A row: its uuid and the columns that were monitored or selected.</summary>
public sealed class OvsdbRow : IEquatable<OvsdbRow>
{
    public OvsdbRow(Guid uuid, IReadOnlyDictionary<string, OvsdbDatum> columns)
    {
        Uuid = uuid;
        Columns = columns;
    }

    public Guid Uuid { get; }
    public IReadOnlyDictionary<string, OvsdbDatum> Columns { get; }

    /// <summary>The column's value, or the empty datum when the column is absent.</summary>
    public OvsdbDatum this[string column] => Columns.TryGetValue(column, out var d) ? d : OvsdbDatum.Empty;

    internal static IReadOnlyDictionary<string, OvsdbDatum> ParseColumns(JsonElement row, TableSchema? table)
    {
        if (row.ValueKind != JsonValueKind.Object)
            throw new FormatException("a row must be a JSON object");
        var d = new Dictionary<string, OvsdbDatum>(StringComparer.Ordinal);
        foreach (var p in row.EnumerateObject())
            d[p.Name] = OvsdbDatum.FromJson(p.Value, table?.Column(p.Name)?.Type);
        return d;
    }

    public bool Equals(OvsdbRow? other)
    {
        if (other is null || other.Uuid != Uuid || other.Columns.Count != Columns.Count)
            return false;
        foreach (var (k, v) in Columns)
            if (!other.Columns.TryGetValue(k, out var o) || !o.Equals(v))
                return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is OvsdbRow r && Equals(r);
    public override int GetHashCode() => Uuid.GetHashCode();
    public override string ToString() => $"{Uuid} {{{string.Join(", ", Columns.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"))}}}";

    internal static IReadOnlyDictionary<string, OvsdbDatum> Freeze(Dictionary<string, OvsdbDatum> d) => d.ToFrozenDictionary(StringComparer.Ordinal);
}
