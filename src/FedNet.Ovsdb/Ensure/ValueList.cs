using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace FedNet.Ovsdb.Ensure;

/// <summary>An immutable list with content equality, so desired-state records compare by value. Build with <c>[a, b]</c>.</summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public readonly struct ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    public ValueList(IEnumerable<T> items) => _items = [.. items];

    private ImmutableArray<T> Items => _items.IsDefault ? [] : _items;

    public T this[int index] => Items[index];
    public int Count => Items.Length;
    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    public bool Equals(ValueList<T> other) => Items.SequenceEqual(other.Items);
    public override bool Equals(object? obj) => obj is ValueList<T> l && Equals(l);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var x in Items)
            h.Add(x);
        return h.ToHashCode();
    }

    public static bool operator ==(ValueList<T> a, ValueList<T> b) => a.Equals(b);
    public static bool operator !=(ValueList<T> a, ValueList<T> b) => !a.Equals(b);
    public static implicit operator ValueList<T>(T[] items) => new(items);
    public static implicit operator ValueList<T>(List<T> items) => new(items);
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>Builds <see cref="ValueList{T}"/> for collection expressions.</summary>
public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
