using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FedNet.Planning;

/// <summary>
/// An immutable map sorted by key (deterministic output) whose equality compares contents, so records holding it compare
/// by value.
/// </summary>
public sealed class ValueMap<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>, IEquatable<ValueMap<TKey, TValue>>
    where TKey : notnull
{
    private readonly ImmutableSortedDictionary<TKey, TValue> _items;

    /// <summary>Wraps <paramref name="items"/>.</summary>
    public ValueMap(ImmutableSortedDictionary<TKey, TValue> items) => _items = items;

    /// <summary>An empty map (ordinal order for string keys).</summary>
    public static ValueMap<TKey, TValue> Empty { get; } = new(ImmutableSortedDictionary.Create<TKey, TValue>(DefaultComparer()));

    /// <summary>The entries.</summary>
    public ImmutableSortedDictionary<TKey, TValue> Items => _items;

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public TValue this[TKey key] => _items[key];

    /// <inheritdoc/>
    public IEnumerable<TKey> Keys => _items.Keys;

    /// <inheritdoc/>
    public IEnumerable<TValue> Values => _items.Values;

    /// <inheritdoc/>
    public bool ContainsKey(TKey key) => _items.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(TKey key, out TValue value) => _items.TryGetValue(key, out value!);

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public ValueMap<TKey, TValue> SetItem(TKey key, TValue value) => new(_items.SetItem(key, value));

    /// <summary>
    /// A copy with <paramref name="key"/> set to <paramref name="value"/>, without comparing it to the current value
    /// (<see cref="SetItem"/> does, and comparing two whole switch states costs as much as the switch is large).
    /// </summary>
    internal ValueMap<TKey, TValue> Replace(TKey key, TValue value) => new(_items.Remove(key).Add(key, value));

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public ValueMap<TKey, TValue> Remove(TKey key) => _items.ContainsKey(key) ? new(_items.Remove(key)) : this;

    /// <summary>The map of <paramref name="pairs"/> (later duplicates win).</summary>
    public static ValueMap<TKey, TValue> From(IEnumerable<KeyValuePair<TKey, TValue>> pairs)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<TKey, TValue>(DefaultComparer());
        foreach (var (k, v) in pairs)
            builder[k] = v;
        return new(builder.ToImmutable());
    }

    /// <summary>
    /// The map of <paramref name="entries"/> (later duplicates win), built straight from the list: no enumerator or
    /// intermediate dictionary. Fastest when the entries come in key order, as the allocator makes them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ValueMap<TKey, TValue> FromList(List<KeyValuePair<TKey, TValue>> entries)
    {
        if (entries.Count == 0)
            return Empty;
        var builder = ImmutableSortedDictionary.CreateBuilder<TKey, TValue>(Empty._items.KeyComparer);
        foreach (var (k, v) in CollectionsMarshal.AsSpan(entries))
            builder[k] = v;
        return new(builder.ToImmutable());
    }

    /// <summary>Content equality.</summary>
    public bool Equals(ValueMap<TKey, TValue>? other)
    {
        if (other is null)
            return false;
        if (ReferenceEquals(this, other) || ReferenceEquals(_items, other._items))
            return true;
        if (_items.Count != other._items.Count)
            return false;
        var comparer = EqualityComparer<TValue>.Default;
        foreach (var (k, v) in _items)
        {
            if (!other._items.TryGetValue(k, out var w) || !comparer.Equals(v, w))
                return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ValueMap<TKey, TValue>);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_items.Count);
        foreach (var (k, _) in _items.Take(8))
            hash.Add(k);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(", ", _items.Select(p => $"{p.Key}={p.Value}")) + "}";

    private static IComparer<TKey> DefaultComparer() =>
        typeof(TKey) == typeof(string) ? (IComparer<TKey>)StringComparer.Ordinal : Comparer<TKey>.Default;
}

/// <summary>Builds <see cref="ValueMap{TKey, TValue}"/>s.</summary>
public static class ValueMap
{
    /// <summary>A string map of <paramref name="pairs"/>.</summary>
    public static ValueMap<string, string> Of(params ReadOnlySpan<(string Key, string Value)> pairs)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs)
            builder[k] = v;
        return new(builder.ToImmutable());
    }
}
