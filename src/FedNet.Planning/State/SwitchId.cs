namespace FedNet.Planning.State;

/// <summary>One switch: a bridge on a node (host or gateway).</summary>
public readonly record struct SwitchId(string Node, string Bridge) : IComparable<SwitchId>
{
    /// <inheritdoc/>
    public int CompareTo(SwitchId other)
    {
        var c = string.CompareOrdinal(Node, other.Node);
        return c != 0 ? c : string.CompareOrdinal(Bridge, other.Bridge);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Node}/{Bridge}";
}
