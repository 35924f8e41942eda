using System.Collections;
using System.Runtime.CompilerServices;

namespace FedNet.OpenFlow;

/// <summary>
/// An immutable array with content equality, so records that hold lists (actions, OXM fields, stats) compare by value
/// and the reconciler's diffs see no false changes. <c>default</c> is the empty array. Supports collection
/// expressions: <c>Actions = [Actions.Output(1)]</c>.
/// </summary>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? _items;

    /// <summary>Wraps <paramref name="items"/> without copying; the caller must not change it afterwards.</summary>
    public EquatableArray(T[]? items) => _items = items;

    /// <summary>The empty array.</summary>
    public static EquatableArray<T> Empty => default;

    /// <summary>Number of items.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>True when there are no items.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The item at <paramref name="index"/>.</summary>
    public T this[int index] => (_items ?? [])[index];

    /// <summary>The items as a span.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <summary>A copy of the items.</summary>
    public T[] ToArray() => _items is null ? [] : (T[])_items.Clone();

    public static implicit operator EquatableArray<T>(T[]? items) => new(items);

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    public bool Equals(EquatableArray<T> other) => AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan())
            hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", _items ?? [])}]";

    /// <summary>Enumerates without allocating.</summary>
    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => (_items ?? []).GetEnumerator();
}

/// <summary>Factory for <see cref="EquatableArray{T}"/> (the collection-expression builder).</summary>
public static class EquatableArray
{
    /// <summary>Copies <paramref name="items"/> into a new array.</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new(items.IsEmpty ? null : items.ToArray());

    /// <summary>Copies <paramref name="items"/> into a new array.</summary>
    public static EquatableArray<T> From<T>(IEnumerable<T> items) => new(items.ToArray());
}
