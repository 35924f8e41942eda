namespace FedNet.Store;

/// <summary>The stored federation description. <see cref="Version"/> starts at 1 and grows by 1 per write; the HTTP
/// ETag is <c>"&lt;version&gt;"</c>.</summary>
public sealed record StoredFederation(string Name, string Yaml, long Version, DateTimeOffset UpdatedAt);
