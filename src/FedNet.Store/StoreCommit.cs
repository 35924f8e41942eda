using FedNet.Planning;

namespace FedNet.Store;

/// <summary>One atomic change: the federation and service writes, the allocations that replace the stored ones,
/// and who did it and why (the journal entry).</summary>
public sealed record StoreCommit(string Actor, string Summary, FederationWrite? Federation, IReadOnlyList<ServiceWrite> Services, Allocations Allocations);
