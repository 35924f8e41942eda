using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>A column's type (RFC 7047 section 3.2 &lt;type&gt;): a key type, an optional value type (a map), and cardinality.</summary>
public sealed record ColumnType(BaseType Key, BaseType? Value, int Min, int Max)
{
    /// <summary>True when the column holds a map.</summary>
    public bool IsMap => Value is not null;

    /// <summary>True when the column holds exactly one atom (min = max = 1, no value).</summary>
    public bool IsScalar => Min == 1 && Max == 1 && Value is null;

    /// <summary>True when the column is an optional single atom or a set (min/max other than 1/1, no value).</summary>
    public bool IsSet => !IsScalar && Value is null;

    /// <summary>
    /// The value a column holds when nothing was written (RFC 7047 5.2.1): the empty set or map, or for a scalar 0,
    /// 0.0, false, "" or the all-zero uuid. update2 leaves such columns out of inserted rows.
    /// </summary>
    public OvsdbDatum Default()
    {
        if (Min == 0)
            return IsMap ? OvsdbDatum.EmptyMap : OvsdbDatum.Empty;
        return OvsdbDatum.Atom(Key.Type switch
        {
            AtomicType.Integer => 0L,
            AtomicType.Real => 0.0,
            AtomicType.Boolean => false,
            AtomicType.String => "",
            _ => Guid.Empty,
        });
    }

    internal static ColumnType Parse(JsonElement json, string where)
    {
        if (json.ValueKind == JsonValueKind.String)
            return new ColumnType(BaseType.Parse(json, where), null, 1, 1);
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("key", out var key))
            throw new FormatException($"{where}: type must be an atomic type or an object with \"key\"");
        var k = BaseType.Parse(key, where);
        var v = json.TryGetProperty("value", out var value) ? BaseType.Parse(value, where) : null;
        var min = json.TryGetProperty("min", out var mn) ? mn.GetInt32() : 1;
        var max = 1;
        if (json.TryGetProperty("max", out var mx))
            max = mx.ValueKind == JsonValueKind.String && mx.GetString() == "unlimited" ? int.MaxValue : mx.GetInt32();
        return new ColumnType(k, v, min, max);
    }

    /// <summary>Returns null when <paramref name="datum"/> fits this type, else why not.</summary>
    public string? Check(OvsdbDatum datum, bool ignoreCardinality = false)
    {
        if (datum.IsMap != IsMap && !(datum.Count == 0))
            return IsMap ? "a map is required" : "a map is not allowed here";
        if (!ignoreCardinality && (datum.Count < Min || datum.Count > Max))
            return $"{datum.Count} element(s), outside [{Min}, {(Max == int.MaxValue ? "unlimited" : Max)}]";
        for (var i = 0; i < datum.Count; i++)
        {
            if (Key.Check(datum.Keys[i]) is { } why)
                return why;
            if (Value is not null && datum.Values is not null && Value.Check(datum.Values[i]) is { } why2)
                return why2;
        }
        return null;
    }
}
