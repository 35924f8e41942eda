namespace FedNet.Model;

/// <summary>A LAN inside a site that carries 802.1Q trunks between its hosts and its gateway.</summary>
/// <param name="Name">Unique in its site.</param>
/// <param name="Location">Where the segment is named.</param>
public sealed record Segment(string Name, SourceLocation Location = default);
