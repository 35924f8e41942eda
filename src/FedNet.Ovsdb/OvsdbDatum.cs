using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>
/// An OVSDB value (RFC 7047 section 5.1 &lt;value&gt;): a single atom, a set of atoms, or a map. Atoms are
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, <see cref="Guid"/> (uuid) or
/// <see cref="NamedUuid"/>. Elements are kept sorted so equal values compare equal whatever order they arrived in.
/// </summary>
public sealed class OvsdbDatum : IEquatable<OvsdbDatum>
{
    private static readonly object[] NoAtoms = [];

    /// <summary>The empty set (also the empty map and an absent optional value).</summary>
    public static readonly OvsdbDatum Empty = new(NoAtoms, null);

    /// <summary>The empty map.</summary>
    public static readonly OvsdbDatum EmptyMap = new(NoAtoms, NoAtoms);

    private OvsdbDatum(object[] keys, object[]? values)
    {
        Keys = keys;
        Values = values;
    }

    /// <summary>The atoms of a set, or the keys of a map, sorted.</summary>
    public IReadOnlyList<object> Keys { get; }

    /// <summary>The values of a map, in the order of <see cref="Keys"/>; null for a set or atom.</summary>
    public IReadOnlyList<object>? Values { get; }

    public bool IsMap => Values is not null;
    public int Count => Keys.Count;

    /// <summary>A single atom.</summary>
    public static OvsdbDatum Atom(object atom) => new([CheckAtom(atom)], null);

    public static OvsdbDatum Of(string s) => Atom(s);
    public static OvsdbDatum Of(long l) => Atom(l);
    public static OvsdbDatum Of(bool b) => Atom(b);
    public static OvsdbDatum Of(double d) => Atom(d);
    public static OvsdbDatum Of(Guid u) => Atom(u);

    /// <summary>An optional atom: empty when <paramref name="atom"/> is null.</summary>
    public static OvsdbDatum Optional(object? atom) => atom is null ? Empty : Atom(atom);

    /// <summary>A set; duplicates are removed.</summary>
    public static OvsdbDatum Set(IEnumerable<object> atoms)
    {
        var a = atoms.Select(CheckAtom).Distinct().ToArray();
        Array.Sort(a, AtomComparer.Instance);
        return a.Length == 0 ? Empty : new OvsdbDatum(a, null);
    }

    /// <summary>A set of atoms.</summary>
    public static OvsdbDatum Set(params object[] atoms) => Set((IEnumerable<object>)atoms);

    /// <summary>A map; a repeated key is an error.</summary>
    public static OvsdbDatum Map(IEnumerable<KeyValuePair<object, object>> pairs)
    {
        var list = pairs.Select(p => (Key: CheckAtom(p.Key), Value: CheckAtom(p.Value))).ToList();
        list.Sort((x, y) => AtomComparer.Instance.Compare(x.Key, y.Key));
        for (var i = 1; i < list.Count; i++)
            if (AtomComparer.Instance.Compare(list[i - 1].Key, list[i].Key) == 0)
                throw new ArgumentException($"map key {FormatAtom(list[i].Key)} appears twice");
        return new OvsdbDatum(list.Select(p => p.Key).ToArray(), list.Select(p => p.Value).ToArray());
    }

    /// <summary>A string-to-string map.</summary>
    public static OvsdbDatum Map(IEnumerable<KeyValuePair<string, string>> pairs) =>
        Map(pairs.Select(p => new KeyValuePair<object, object>(p.Key, p.Value)));

    /// <summary>A map from <c>(key, value)</c> tuples.</summary>
    public static OvsdbDatum Map(params (object Key, object Value)[] pairs) =>
        Map(pairs.Select(p => new KeyValuePair<object, object>(p.Key, p.Value)));

    private static object CheckAtom(object atom) => atom switch
    {
        long or double or bool or string or Guid or NamedUuid => atom,
        int i => (long)i,
        null => throw new ArgumentNullException(nameof(atom)),
        _ => throw new ArgumentException($"{atom.GetType().Name} is not an OVSDB atom type"),
    };

    /// <summary>The single atom; throws unless there is exactly one.</summary>
    public object Single => Count == 1 ? Keys[0] : throw new InvalidOperationException($"expected one atom, found {Count}");

    /// <summary>The single string, or null when empty.</summary>
    public string? AsString() => Count == 0 ? null : Keys[0] as string;

    /// <summary>The single integer, or null when empty.</summary>
    public long? AsInteger() => Count == 0 ? null : Keys[0] is long l ? l : null;

    /// <summary>The single boolean, or null when empty.</summary>
    public bool? AsBoolean() => Count == 0 ? null : Keys[0] is bool b ? b : null;

    /// <summary>The single uuid, or null when empty.</summary>
    public Guid? AsUuid() => Count == 0 ? null : Keys[0] is Guid g ? g : null;

    /// <summary>The atoms of a set of uuids.</summary>
    public IEnumerable<Guid> AsUuids() => Keys.OfType<Guid>();

    /// <summary>The atoms of a set of strings.</summary>
    public IEnumerable<string> AsStrings() => Keys.OfType<string>();

    /// <summary>The atoms of a set of integers.</summary>
    public IEnumerable<long> AsIntegers() => Keys.OfType<long>();

    /// <summary>A map's pairs as a string dictionary (non-string keys and values are formatted).</summary>
    public IReadOnlyDictionary<string, string> AsStringMap()
    {
        var d = new Dictionary<string, string>(Count, StringComparer.Ordinal);
        if (Values is null)
            return d;
        for (var i = 0; i < Count; i++)
            d[Keys[i] as string ?? FormatAtom(Keys[i])] = Values[i] as string ?? FormatAtom(Values[i]);
        return d;
    }

    /// <summary>A map's value for <paramref name="key"/>, or null.</summary>
    public object? Lookup(object key)
    {
        if (Values is null)
            return null;
        var i = IndexOf(key);
        return i >= 0 ? Values[i] : null;
    }

    private int IndexOf(object key) => Array.BinarySearch((object[])Keys, key, AtomComparer.Instance);

    /// <summary>True when the set contains <paramref name="atom"/> (or the map contains the key).</summary>
    public bool Contains(object atom) => IndexOf(CheckAtom(atom)) >= 0;

    /// <summary>
    /// Applies an update2 <c>&lt;diff&gt;</c> (ovsdb-server(7), "update2 notification"): a column of at most one
    /// element (scalar or optional) is replaced; a set toggles each element in the diff; a map removes a key given with
    /// its current value, adds or replaces otherwise.
    /// </summary>
    public OvsdbDatum ApplyDiff(OvsdbDatum diff, ColumnType type)
    {
        if (type.Max <= 1)
            return diff.Count == 0 && type.IsMap ? EmptyMap : diff;
        if (!type.IsMap)
        {
            var set = new HashSet<object>(Keys);
            foreach (var k in diff.Keys)
                if (!set.Remove(k))
                    set.Add(k);
            return Set(set);
        }
        var map = new Dictionary<object, object>();
        for (var i = 0; i < Count; i++)
            map[Keys[i]] = Values![i];
        for (var i = 0; i < diff.Count; i++)
        {
            var k = diff.Keys[i];
            var v = diff.Values?[i] ?? throw new FormatException("map diff without values");
            if (map.TryGetValue(k, out var old) && old.Equals(v))
                map.Remove(k);
            else
                map[k] = v;
        }
        return map.Count == 0 ? EmptyMap : Map(map);
    }

    /// <summary>
    /// Parses a &lt;value&gt;. With a <paramref name="type"/>, numbers take the column's atomic type and a lone atom of
    /// a map column is refused; without one, numbers with a fraction or exponent become reals.
    /// </summary>
    public static OvsdbDatum FromJson(JsonElement json, ColumnType? type = null)
    {
        if (json.ValueKind == JsonValueKind.Array && json.GetArrayLength() == 2 && json[0].ValueKind == JsonValueKind.String)
        {
            switch (json[0].GetString())
            {
                case "set":
                    if (json[1].ValueKind != JsonValueKind.Array)
                        throw new FormatException("[\"set\", ...] needs an array");
                    var atoms = new object[json[1].GetArrayLength()];
                    var i = 0;
                    foreach (var a in json[1].EnumerateArray())
                        atoms[i++] = AtomFromJson(a, type?.Key);
                    return Set(atoms);
                case "map":
                    if (json[1].ValueKind != JsonValueKind.Array)
                        throw new FormatException("[\"map\", ...] needs an array");
                    var pairs = new List<KeyValuePair<object, object>>(json[1].GetArrayLength());
                    foreach (var p in json[1].EnumerateArray())
                    {
                        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() != 2)
                            throw new FormatException("map pair must be [key, value]");
                        pairs.Add(new(AtomFromJson(p[0], type?.Key), AtomFromJson(p[1], type?.Value)));
                    }
                    return pairs.Count == 0 ? EmptyMap : Map(pairs);
            }
        }
        return Atom(AtomFromJson(json, type?.Key));
    }

    private static object AtomFromJson(JsonElement json, BaseType? type)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                return json.GetString()!;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (type?.Type == AtomicType.Real)
                    return json.GetDouble();
                if (json.TryGetInt64(out var l))
                    return l;
                if (type?.Type == AtomicType.Integer)
                    throw new FormatException($"{json.GetRawText()} is not an integer");
                return json.GetDouble();
            case JsonValueKind.Array when json.GetArrayLength() == 2 && json[0].ValueKind == JsonValueKind.String
                                          && json[1].ValueKind == JsonValueKind.String:
                var s = json[1].GetString()!;
                switch (json[0].GetString())
                {
                    case "uuid":
                        return Guid.TryParseExact(s, "D", out var g) ? g : throw new FormatException($"bad uuid \"{s}\"");
                    case "named-uuid":
                        return new NamedUuid(s);
                }
                break;
        }
        throw new FormatException($"not an OVSDB atom: {Truncate(json.GetRawText())}");
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "...";

    /// <summary>Writes the RFC 7047 &lt;value&gt; form: a bare atom when there is one and the type allows it.</summary>
    public void WriteTo(Utf8JsonWriter writer, ColumnType? type = null)
    {
        if (Values is null && Count == 1 && type is not { IsMap: true })
        {
            WriteAtom(writer, Keys[0]);
            return;
        }
        writer.WriteStartArray();
        if (Values is null && !(Count == 0 && type is { IsMap: true }))
        {
            writer.WriteStringValue("set");
            writer.WriteStartArray();
            foreach (var k in Keys)
                WriteAtom(writer, k);
        }
        else
        {
            writer.WriteStringValue("map");
            writer.WriteStartArray();
            for (var i = 0; i < Count; i++)
            {
                writer.WriteStartArray();
                WriteAtom(writer, Keys[i]);
                WriteAtom(writer, Values![i]);
                writer.WriteEndArray();
            }
        }
        writer.WriteEndArray();
        writer.WriteEndArray();
    }

    internal static void WriteAtom(Utf8JsonWriter w, object atom)
    {
        switch (atom)
        {
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case Guid g:
                w.WriteStartArray(); w.WriteStringValue("uuid"); w.WriteStringValue(g.ToString("D")); w.WriteEndArray();
                break;
            case NamedUuid n:
                w.WriteStartArray(); w.WriteStringValue("named-uuid"); w.WriteStringValue(n.Name); w.WriteEndArray();
                break;
            default: throw new ArgumentException($"not an atom: {atom}");
        }
    }

    /// <summary>The datum's JSON text.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
            WriteTo(w);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Formats an atom the way ovs-vsctl prints it: strings quoted unless they read as a plain identifier.</summary>
    public static string FormatAtom(object atom) => atom switch
    {
        string s => IsBareWord(s) ? s : JsonSerializer.Serialize(s, OvsdbJsonContext.Default.String),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Guid g => g.ToString("D"),
        NamedUuid n => n.Name,
        _ => atom.ToString() ?? "",
    };

    private static bool IsBareWord(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
        && s is not ("true" or "false");

    /// <summary>The ovs-vsctl style text: <c>a</c>, <c>[a, b]</c>, <c>{k=v}</c>.</summary>
    public override string ToString()
    {
        if (Values is not null)
            return "{" + string.Join(", ", Keys.Select((k, i) => FormatAtom(k) + "=" + FormatAtom(Values[i]))) + "}";
        return Count == 1 ? FormatAtom(Keys[0]) : "[" + string.Join(", ", Keys.Select(FormatAtom)) + "]";
    }

    public bool Equals(OvsdbDatum? other)
    {
        if (other is null)
            return false;
        if (ReferenceEquals(this, other))
            return true;
        if (Count != other.Count || (Count > 0 && IsMap != other.IsMap))
            return false;
        for (var i = 0; i < Count; i++)
        {
            if (!Keys[i].Equals(other.Keys[i]))
                return false;
            if (Values is not null && !Values[i].Equals(other.Values![i]))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is OvsdbDatum d && Equals(d);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Count);
        for (var i = 0; i < Math.Min(Count, 8); i++)
        {
            h.Add(Keys[i]);
            if (Values is not null)
                h.Add(Values[i]);
        }
        return h.ToHashCode();
    }

    public static bool operator ==(OvsdbDatum? a, OvsdbDatum? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(OvsdbDatum? a, OvsdbDatum? b) => !(a == b);

    /// <summary>Orders atoms by type (integer, real, boolean, string, uuid, named-uuid), then value.</summary>
    internal sealed class AtomComparer : IComparer<object>
    {
        public static readonly AtomComparer Instance = new();

        public int Compare(object? x, object? y)
        {
            var rx = Rank(x);
            var ry = Rank(y);
            if (rx != ry)
                return rx.CompareTo(ry);
            return (x, y) switch
            {
                (long a, long b) => a.CompareTo(b),
                (double a, double b) => a.CompareTo(b),
                (bool a, bool b) => a.CompareTo(b),
                (string a, string b) => string.CompareOrdinal(a, b),
                (Guid a, Guid b) => a.CompareTo(b),
                (NamedUuid a, NamedUuid b) => string.CompareOrdinal(a.Name, b.Name),
                _ => 0,
            };
        }

        private static int Rank(object? o) => o switch
        {
            long => 0,
            double => 1,
            bool => 2,
            string => 3,
            Guid => 4,
            NamedUuid => 5,
            _ => 6,
        };
    }
}
