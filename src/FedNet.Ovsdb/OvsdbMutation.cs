namespace FedNet.Ovsdb;

/// <summary>A &lt;mutation&gt; (RFC 7047 section 5.1): <c>[column, mutator, value]</c>.</summary>
/// <param name="Column">The column to change.</param>
/// <param name="Mutator">One of <c>+= -= *= /= %= insert delete</c>.</param>
/// <param name="Value">The operand.</param>
public sealed record OvsdbMutation(string Column, string Mutator, OvsdbDatum Value)
{
    /// <summary>Adds elements to a set, or pairs to a map.</summary>
    public static OvsdbMutation Insert(string column, OvsdbDatum value) => new(column, "insert", value);

    /// <summary>Removes elements from a set, or keys (a set) or pairs (a map) from a map.</summary>
    public static OvsdbMutation Delete(string column, OvsdbDatum value) => new(column, "delete", value);
}
