namespace FedNet.Planning.Internal;

/// <summary>
/// An immutable set shared between successive plans: a base set plus small layers of additions and removals, one per
/// incremental change, compacted into a new base when the layers grow deep. Lets an incremental plan ask "is this
/// value taken" without copying the whole federation's allocations.
/// </summary>
internal sealed class LayeredSet<T>
    where T : notnull
{
    private const int MaxDepth = 32;

    private readonly HashSet<T>? _base;
    private readonly LayeredSet<T>? _parent;
    private readonly HashSet<T> _added;
    private readonly HashSet<T> _removed;
    private readonly int _depth;

    public LayeredSet(HashSet<T> items)
    {
        _base = items;
        _added = [];
        _removed = [];
    }

    private LayeredSet(LayeredSet<T> parent, HashSet<T> added, HashSet<T> removed)
    {
        _parent = parent;
        _added = added;
        _removed = removed;
        _depth = parent._depth + 1;
    }

    public bool Contains(T item)
    {
        for (var at = this; at is not null; at = at._parent)
        {
            if (at._base is not null)
                return at._base.Contains(item);
            if (at._added.Contains(item))
                return true;
            if (at._removed.Contains(item))
                return false;
        }
        return false;
    }

    /// <summary>This set without <paramref name="removed"/> and with <paramref name="added"/>.</summary>
    public LayeredSet<T> With(IEnumerable<T> added, IEnumerable<T> removed)
    {
        var add = new HashSet<T>(added);
        var remove = new HashSet<T>(removed);
        remove.ExceptWith(add);
        var next = new LayeredSet<T>(this, add, remove);
        return next._depth < MaxDepth ? next : new LayeredSet<T>(next.Materialize());
    }

    /// <summary>The items of a single-layer (base) set.</summary>
    public IEnumerable<T> Items() => _base ?? Materialize();

    private HashSet<T> Materialize()
    {
        if (_base is not null)
            return [.. _base];
        var set = _parent!.Materialize();
        set.ExceptWith(_removed);
        set.UnionWith(_added);
        return set;
    }
}

/// <summary>Every value taken federation-wide, by kind, for uniqueness checks.</summary>
internal sealed record UsedIndex(
    LayeredSet<ulong> Macs,
    LayeredSet<(int Site, int Vlan)> Vlans,
    LayeredSet<(int Transit, int Key)> TunnelKeys,
    LayeredSet<long> Ports);
