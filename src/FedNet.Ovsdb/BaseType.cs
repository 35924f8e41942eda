using System.Globalization;
using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>An atomic type with its constraints (RFC 7047 section 3.2 &lt;base-type&gt;).</summary>
public sealed record BaseType(AtomicType Type)
{
    /// <summary>The allowed values, or null when any value of <see cref="Type"/> is allowed.</summary>
    public IReadOnlySet<object>? Enum { get; init; }
    public long MinInteger { get; init; } = long.MinValue;
    public long MaxInteger { get; init; } = long.MaxValue;
    public double MinReal { get; init; } = double.MinValue;
    public double MaxReal { get; init; } = double.MaxValue;
    public int MinLength { get; init; }
    public int MaxLength { get; init; } = int.MaxValue;
    public string? RefTable { get; init; }
    public bool RefIsWeak { get; init; }

    internal static BaseType Parse(JsonElement json, string where)
    {
        if (json.ValueKind == JsonValueKind.String)
            return new BaseType(ParseAtomicType(json.GetString()!, where));
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
            throw new FormatException($"{where}: base type must be a string or an object with \"type\"");
        var type = ParseAtomicType(t.GetString()!, where);
        var b = new BaseType(type);
        if (json.TryGetProperty("enum", out var e))
        {
            var datum = OvsdbDatum.FromJson(e, new ColumnType(new BaseType(type), null, 0, int.MaxValue));
            b = b with { Enum = new HashSet<object>(datum.Keys) };
        }
        if (json.TryGetProperty("minInteger", out var v)) b = b with { MinInteger = v.GetInt64() };
        if (json.TryGetProperty("maxInteger", out v)) b = b with { MaxInteger = v.GetInt64() };
        if (json.TryGetProperty("minReal", out v)) b = b with { MinReal = v.GetDouble() };
        if (json.TryGetProperty("maxReal", out v)) b = b with { MaxReal = v.GetDouble() };
        if (json.TryGetProperty("minLength", out v)) b = b with { MinLength = (int)Math.Min(v.GetInt64(), int.MaxValue) };
        if (json.TryGetProperty("maxLength", out v)) b = b with { MaxLength = (int)Math.Min(v.GetInt64(), int.MaxValue) };
        if (json.TryGetProperty("refTable", out v)) b = b with { RefTable = v.GetString() };
        if (json.TryGetProperty("refType", out v)) b = b with { RefIsWeak = v.GetString() == "weak" };
        return b;
    }

    private static AtomicType ParseAtomicType(string s, string where) => s switch
    {
        "integer" => AtomicType.Integer,
        "real" => AtomicType.Real,
        "boolean" => AtomicType.Boolean,
        "string" => AtomicType.String,
        "uuid" => AtomicType.Uuid,
        _ => throw new FormatException($"{where}: unknown atomic type \"{s}\""),
    };

    /// <summary>Returns null when <paramref name="atom"/> satisfies this type, else why not.</summary>
    public string? Check(object atom)
    {
        switch (Type, atom)
        {
            case (AtomicType.Integer, long l):
                if (l < MinInteger || l > MaxInteger)
                    return $"{l} is outside [{MinInteger}, {MaxInteger}]";
                break;
            case (AtomicType.Real, double d):
                if (d < MinReal || d > MaxReal)
                    return $"{d.ToString(CultureInfo.InvariantCulture)} is outside [{MinReal}, {MaxReal}]";
                break;
            case (AtomicType.Real, long l2):
                return Check((double)l2);
            case (AtomicType.Boolean, bool):
                break;
            case (AtomicType.String, string s):
                var n = System.Text.Encoding.UTF8.GetByteCount(s);
                if (n < MinLength || n > MaxLength)
                    return $"\"{s}\" has length {n}, outside [{MinLength}, {MaxLength}]";
                break;
            case (AtomicType.Uuid, Guid or NamedUuid):
                break;
            default:
                return $"{OvsdbDatum.FormatAtom(atom)} is not of type {Type.ToString().ToLowerInvariant()}";
        }
        if (Enum is not null && !Enum.Contains(atom is long l3 && Type == AtomicType.Real ? (double)l3 : atom))
            return $"{OvsdbDatum.FormatAtom(atom)} is not one of [{string.Join(", ", Enum.Select(OvsdbDatum.FormatAtom).Order(StringComparer.Ordinal))}]";
        return null;
    }
}
