using System.Collections;
using System.Collections.Immutable;

namespace FedNet.Planning;

/// <summary>
/// An immutable list whose equality compares its elements in order, so records holding it compare by content
/// (a diff must never report a change where the values are the same).
/// </summary>
public readonly struct ValueArray<T> : IReadOnlyList<T>, IEquatable<ValueArray<T>>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Wraps <paramref name="items"/> (no copy).</summary>
    public ValueArray(ImmutableArray<T> items) => _items = items.IsDefault ? [] : items;

    /// <summary>An empty list.</summary>
    public static ValueArray<T> Empty => new([]);

    /// <summary>The elements as an immutable array.</summary>
    public ImmutableArray<T> Items => _items.IsDefault ? [] : _items;

    /// <inheritdoc/>
    public int Count => Items.Length;

    /// <inheritdoc/>
    public T this[int index] => Items[index];

    /// <summary>Elementwise equality.</summary>
    public bool Equals(ValueArray<T> other)
    {
        var a = Items;
        var b = other.Items;
        if (a == b)
            return true;
        if (a.Length != b.Length)
            return false;
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
        {
            if (!comparer.Equals(a[i], b[i]))
                return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ValueArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>Elementwise equality.</summary>
    public static bool operator ==(ValueArray<T> left, ValueArray<T> right) => left.Equals(right);

    /// <summary>Elementwise inequality.</summary>
    public static bool operator !=(ValueArray<T> left, ValueArray<T> right) => !left.Equals(right);

    /// <summary>Wraps an array.</summary>
    public static implicit operator ValueArray<T>(ImmutableArray<T> items) => new(items);

    /// <inheritdoc/>
    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>Builds <see cref="ValueArray{T}"/>s.</summary>
public static class ValueArray
{
    /// <summary>The list of <paramref name="items"/>.</summary>
    public static ValueArray<T> Of<T>(params ReadOnlySpan<T> items) => new([.. items]);

    /// <summary>The list of <paramref name="items"/>.</summary>
    public static ValueArray<T> From<T>(IEnumerable<T> items) => new([.. items]);
}
