namespace FedNet.Model.Internal;

/// <summary>Name lookups over a federation, tolerant of duplicates (the first one wins; duplicates are reported apart).</summary>
internal sealed class Inventory(Federation federation)
{
    public Federation Federation { get; } = federation;
}
