using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FedNet.Store.Internal;

internal sealed partial class SqliteStore
{
    private const string SecretPrefix = "fn_";

    public Task<IssuedToken> CreateTokenAsync(TokenRole role, string? tenant, string? description = null, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(role))
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown token role.");
        if (role == TokenRole.Tenant && string.IsNullOrEmpty(tenant))
            throw new ArgumentException("A tenant token needs a tenant.", nameof(tenant));
        if (role == TokenRole.Operator && tenant is not null)
            throw new ArgumentException("An operator token has no tenant.", nameof(tenant));
        return RunAsync(async (c, ct) =>
        {
            var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var identity = new TokenIdentity("tk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), role, tenant, description, Now());
            using var command = Command(c, null, """
                INSERT INTO tokens (id, secret_hash, role, tenant, description, created_at)
                VALUES ($id, $hash, $role, $tenant, $description, $at)
                """);
            command.Parameters.AddWithValue("$id", identity.TokenId);
            command.Parameters.AddWithValue("$hash", Hash(secret));
            command.Parameters.AddWithValue("$role", RoleName(role));
            command.Parameters.AddWithValue("$tenant", (object?)tenant ?? DBNull.Value);
            command.Parameters.AddWithValue("$description", (object?)description ?? DBNull.Value);
            command.Parameters.AddWithValue("$at", identity.CreatedAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return new IssuedToken(identity, secret);
        }, cancellationToken);
    }

    public Task<TokenIdentity?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        // The lookup is by SHA-256 of the presented secret, so how long it takes says nothing about the stored secrets.
        if (string.IsNullOrEmpty(secret))
            return Task.FromResult<TokenIdentity?>(null);
        var hash = Hash(secret);
        return RunAsync(async (c, ct) =>
        {
            using var command = Command(c, null, """
                SELECT id, role, tenant, description, created_at FROM tokens WHERE secret_hash = $hash AND revoked_at IS NULL
                """);
            command.Parameters.AddWithValue("$hash", hash);
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false) ? IdentityFrom(reader) : null;
        }, cancellationToken);
    }

    public Task<bool> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        return RunAsync(async (c, ct) =>
        {
            using var command = Command(c, null, "UPDATE tokens SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL");
            command.Parameters.AddWithValue("$at", Now().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$id", tokenId);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<TokenIdentity>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<TokenIdentity>>(async (c, ct) =>
        {
            using var command = Command(c, null,
                "SELECT id, role, tenant, description, created_at FROM tokens WHERE revoked_at IS NULL ORDER BY created_at, id");
            using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var tokens = new List<TokenIdentity>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                tokens.Add(IdentityFrom(reader));
            return tokens;
        }, cancellationToken);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string RoleName(TokenRole role) => role == TokenRole.Operator ? "operator" : "tenant";

    private static TokenIdentity IdentityFrom(Microsoft.Data.Sqlite.SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1) == "operator" ? TokenRole.Operator : TokenRole.Tenant,
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        Time(reader.GetInt64(4)));
}
