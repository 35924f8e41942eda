using System.Collections;
using System.Collections.Immutable;

namespace FedNet.Ovsdb.Ensure;

/// <summary>An immutable string map with content equality (order does not matter), for other_config, options and the like.</summary>
public readonly struct ValueMap : IReadOnlyDictionary<string, string>, IEquatable<ValueMap>
{
    private readonly ImmutableSortedDictionary<string, string>? _items;

    public ValueMap(IEnumerable<KeyValuePair<string, string>> items) =>
        _items = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, items);

    /// <summary>The empty map.</summary>
    public static ValueMap Empty => default;

    /// <summary>A map from pairs: <c>ValueMap.Of(("k", "v"))</c>.</summary>
    public static ValueMap Of(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

    private static readonly ImmutableSortedDictionary<string, string> None =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    private ImmutableSortedDictionary<string, string> Items => _items ?? None;

    /// <summary>This map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public ValueMap With(string key, string value) => new(Items.SetItem(key, value));

    public string this[string key] => Items[key];
    public IEnumerable<string> Keys => Items.Keys;
    public IEnumerable<string> Values => Items.Values;
    public int Count => _items?.Count ?? 0;
    public bool ContainsKey(string key) => Items.ContainsKey(key);
    public bool TryGetValue(string key, out string value) => Items.TryGetValue(key, out value!);
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap other) => Count == other.Count && Items.All(p => other.TryGetValue(p.Key, out var v) && v == p.Value);
    public override bool Equals(object? obj) => obj is ValueMap m && Equals(m);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var (k, v) in Items)
        {
            h.Add(k);
            h.Add(v);
        }
        return h.ToHashCode();
    }

    public static bool operator ==(ValueMap a, ValueMap b) => a.Equals(b);
    public static bool operator !=(ValueMap a, ValueMap b) => !a.Equals(b);
    public static implicit operator ValueMap(Dictionary<string, string> d) => new(d);
    public override string ToString() => "{" + string.Join(", ", Items.Select(p => $"{p.Key}={p.Value}")) + "}";

    internal OvsdbDatum ToDatum() => Count == 0 ? OvsdbDatum.EmptyMap : OvsdbDatum.Map(Items);
}
