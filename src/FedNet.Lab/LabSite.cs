namespace FedNet.Lab;

/// <summary>A site of the lab: its segments (one Linux bridge each), hosts and gateway.</summary>
public sealed record LabSite(string Name, EquatableArray<string> Segments, EquatableArray<LabNode> Hosts, LabNode Gateway)
{
    /// <summary>The hosts, then the gateway.</summary>
    public IEnumerable<LabNode> Nodes => Hosts.Append(Gateway);
}
