namespace FedNet.Store;

/// <summary>The outcome of a commit: the new store revision, the federation as written (null when the commit did
/// not write it) and the services as written (deleted services are left out).</summary>
public sealed record CommitResult(long Revision, StoredFederation? Federation, IReadOnlyList<StoredService> Services);
