namespace FedNet.Ovsdb;

/// <summary>A <c>["named-uuid", name]</c> atom: refers to a row inserted earlier in the same transaction (RFC 7047 5.1).</summary>
public sealed record NamedUuid(string Name)
{
    public override string ToString() => Name;
}
