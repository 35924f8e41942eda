using FedNet.Planning;

namespace FedNet.Store;

/// <summary>A consistent read of everything needed to plan: the federation (or null), every service, the
/// allocations and the store revision (the number of commits so far).</summary>
public sealed record StoreSnapshot(long Revision, StoredFederation? Federation, IReadOnlyList<StoredService> Services, Allocations Allocations);
