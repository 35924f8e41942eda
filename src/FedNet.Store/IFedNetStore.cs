namespace FedNet.Store;

/// <summary>
/// The durable state of one FedNet installation: the federation description, every tenant's service descriptions,
/// the federation-wide allocations, an append-only journal of commits and the API tokens. Thread-safe.
/// </summary>
public interface IFedNetStore : IAsyncDisposable
{
    /// <summary>Everything needed to plan: federation (or null), every service, the allocations, the store revision,
    /// read in one consistent transaction.</summary>
    Task<StoreSnapshot> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored federation, or null when none was ever written.</summary>
    Task<StoredFederation?> GetFederationAsync(CancellationToken cancellationToken = default);

    /// <summary>One service, or null when absent.</summary>
    Task<StoredService?> GetServiceAsync(string tenant, string name, CancellationToken cancellationToken = default);

    /// <summary>Every service (of one tenant when <paramref name="tenant"/> is given), ordered by tenant then name.</summary>
    Task<IReadOnlyList<StoredService>> ListServicesAsync(string? tenant = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One transaction: optimistic checks (<see cref="ServiceWrite.ExpectedVersion"/>,
    /// <see cref="FederationWrite.ExpectedVersion"/>), writes, the allocations, one journal entry, revision + 1.
    /// </summary>
    /// <exception cref="StoreConflictException">A version check failed; nothing was written.</exception>
    Task<CommitResult> CommitAsync(StoreCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Journal entries with a sequence greater than <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(long afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Issues a new token. The secret is returned once; only its SHA-256 hash is stored.</summary>
    Task<IssuedToken> CreateTokenAsync(TokenRole role, string? tenant, string? description = null, CancellationToken cancellationToken = default);

    /// <summary>The identity of a presented secret, or null (unknown or revoked). Secrets are stored only as SHA-256
    /// hashes.</summary>
    Task<TokenIdentity?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default);

    /// <summary>Revokes a token; false when no such (unrevoked) token exists.</summary>
    Task<bool> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken = default);

    /// <summary>Every unrevoked token, oldest first.</summary>
    Task<IReadOnlyList<TokenIdentity>> ListTokensAsync(CancellationToken cancellationToken = default);
}
