namespace FedNet.Store;

/// <summary>
/// A write of one service in a <see cref="StoreCommit"/>. <see cref="Yaml"/> null deletes the service.
/// <see cref="ExpectedVersion"/>: null = unconditional, 0 = must not exist, n = must currently be at version n.
/// </summary>
public sealed record ServiceWrite(string Tenant, string Name, string? Yaml, long? ExpectedVersion = null);
