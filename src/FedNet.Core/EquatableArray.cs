using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FedNet;

/// <summary>
/// An immutable array with content equality, so records that hold lists (OpenFlow actions, planned flows, desired
/// OVSDB rows, lab topologies) compare by value and a diff never reports a change where the values are the same.
/// <c>default</c> is the empty array. Supports collection expressions: <c>Actions = [Actions.Output(1)]</c>.
/// </summary>
/// <remarks>
/// Backed by a plain <typeparamref name="T"/>[] (or <see langword="null"/> for empty) so the OpenFlow codec's hot
/// path wraps decoded arrays and iterates them without allocating.
/// </remarks>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? _items;

    /// <summary>Wraps <paramref name="items"/> without copying; the caller must not change it afterwards.</summary>
    public EquatableArray(T[]? items) => _items = items;

    /// <summary>Wraps <paramref name="items"/> without copying (a default array is the empty array).</summary>
    public EquatableArray(ImmutableArray<T> items) => _items = ImmutableCollectionsMarshal.AsArray(items);

    /// <summary>Copies <paramref name="items"/> into a new array.</summary>
    public EquatableArray(IEnumerable<T> items) => _items = [.. items];

    /// <summary>The empty array.</summary>
    public static EquatableArray<T> Empty => default;

    /// <summary>Number of items.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>True when there are no items.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The item at <paramref name="index"/>.</summary>
    public T this[int index] => (_items ?? [])[index];

    /// <summary>The items as an immutable array (no copy; never a default array).</summary>
    public ImmutableArray<T> Items => ImmutableCollectionsMarshal.AsImmutableArray(_items ?? []);

    /// <summary>The items as a span.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <summary>A copy of the items.</summary>
    public T[] ToArray() => _items is null ? [] : (T[])_items.Clone();

    /// <summary>Wraps <paramref name="items"/> without copying; the caller must not change it afterwards.</summary>
    public static implicit operator EquatableArray<T>(T[]? items) => new(items);

    /// <summary>Wraps <paramref name="items"/> without copying.</summary>
    public static implicit operator EquatableArray<T>(ImmutableArray<T> items) => new(items);

    /// <summary>Copies <paramref name="items"/>.</summary>
    public static implicit operator EquatableArray<T>(List<T> items) => new(items.ToArray());

    /// <summary>Elementwise equality.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Elementwise inequality.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Elementwise equality (<see cref="EqualityComparer{T}.Default"/>, in order).</summary>
    public bool Equals(EquatableArray<T> other) =>
        ReferenceEquals(_items, other._items) || AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan())
            hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>The items, comma separated in brackets (for messages and debugging).</summary>
    public override string ToString() => $"[{string.Join(", ", _items ?? [])}]";

    /// <summary>Enumerates without allocating.</summary>
    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => (_items ?? []).GetEnumerator();
}

/// <summary>Factory for <see cref="EquatableArray{T}"/> (the collection-expression builder).</summary>
public static class EquatableArray
{
    /// <summary>Copies <paramref name="items"/> into a new array (the collection-expression builder).</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new(items.IsEmpty ? null : items.ToArray());

    /// <summary>The array of <paramref name="items"/> (a copy).</summary>
    public static EquatableArray<T> Of<T>(params ReadOnlySpan<T> items) => Create(items);

    /// <summary>Copies <paramref name="items"/> into a new array.</summary>
    public static EquatableArray<T> From<T>(IEnumerable<T> items) => new(items.ToArray());
}
