namespace FedNet.Store;

/// <summary>One stored service description. <see cref="Version"/> starts at 1 and grows by 1 per write; a deleted
/// service's version is gone (re-creating starts at 1 again).</summary>
public sealed record StoredService(string Tenant, string Name, string Yaml, long Version, DateTimeOffset UpdatedAt);
