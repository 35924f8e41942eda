namespace FedNet.Ovsdb;

/// <summary>One column of a table schema (RFC 7047 section 3.2 &lt;column-schema&gt;).</summary>
public sealed record ColumnSchema(string Name, ColumnType Type, bool Ephemeral = false, bool Mutable = true);
