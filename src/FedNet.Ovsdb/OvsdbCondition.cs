namespace FedNet.Ovsdb;

/// <summary>A &lt;condition&gt; of a where clause (RFC 7047 section 5.1): <c>[column, function, value]</c>.</summary>
/// <param name="Column">The column (or <c>_uuid</c>).</param>
/// <param name="Function">One of <c>&lt; &lt;= == != &gt;= &gt; includes excludes</c>.</param>
/// <param name="Value">The value compared against.</param>
public sealed record OvsdbCondition(string Column, string Function, OvsdbDatum Value)
{
    /// <summary><c>[column, "==", value]</c>.</summary>
    public static OvsdbCondition Equal(string column, OvsdbDatum value) => new(column, "==", value);

    /// <summary><c>["_uuid", "==", ["uuid", id]]</c>.</summary>
    public static OvsdbCondition Uuid(Guid id) => new("_uuid", "==", OvsdbDatum.Of(id));

    /// <summary><c>[column, "includes", value]</c>.</summary>
    public static OvsdbCondition Includes(string column, OvsdbDatum value) => new(column, "includes", value);
}
