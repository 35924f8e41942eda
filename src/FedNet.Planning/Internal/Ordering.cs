using System.Runtime.CompilerServices;

namespace FedNet.Planning.Internal;

/// <summary>Sorting what is usually sorted already.</summary>
internal static class Ordering
{
    /// <summary>
    /// <paramref name="items"/> ordered by <paramref name="key"/> (stable): the list itself when it is in order already,
    /// as the planner hands its inputs around (checking costs one comparison per item; sorting 100,000 of them far more).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<T> InOrder<T, TKey>(IReadOnlyList<T> items, Func<T, TKey> key, IComparer<TKey> comparer)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (comparer.Compare(key(items[i - 1]), key(items[i])) > 0)
                return [.. items.OrderBy(key, comparer)];
        }
        return items;
    }
}
