namespace FedNet.Store;

/// <summary>A write of the federation description in a <see cref="StoreCommit"/>. <see cref="ExpectedVersion"/>:
/// null = unconditional, 0 = must not exist, n = must currently be at version n.</summary>
public sealed record FederationWrite(string Name, string Yaml, long? ExpectedVersion = null);
