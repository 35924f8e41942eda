using System.Text;

namespace FedNet.Store.Tests;

public sealed class TokenTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private IFedNetStore _store = null!;

    public async ValueTask InitializeAsync() => _store = await SqliteFedNetStore.OpenAsync(_dir.Path, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task CreateTokenAsync_Tenant_SecretIsPrefixedBase64UrlOf32Bytes()
    {
        var issued = await _store.CreateTokenAsync(TokenRole.Tenant, "acme", "ci", TestContext.Current.CancellationToken);

        Assert.StartsWith("fn_", issued.Secret, StringComparison.Ordinal);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(issued.Secret.AsSpan(3)).Length);
        Assert.Equal((TokenRole.Tenant, "acme", "ci"), (issued.Identity.Role, issued.Identity.Tenant, issued.Identity.Description));
    }

    [Fact]
    public async Task AuthenticateAsync_IssuedSecret_ReturnsItsIdentity()
    {
        var ct = TestContext.Current.CancellationToken;
        var op = await _store.CreateTokenAsync(TokenRole.Operator, null, cancellationToken: ct);
        var tenant = await _store.CreateTokenAsync(TokenRole.Tenant, "acme", cancellationToken: ct);

        Assert.Equal(op.Identity, await _store.AuthenticateAsync(op.Secret, ct));
        Assert.Equal(tenant.Identity, await _store.AuthenticateAsync(tenant.Secret, ct));
        Assert.NotEqual(op.Secret, tenant.Secret);
        Assert.NotEqual(op.Identity.TokenId, tenant.Identity.TokenId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fn_")]
    [InlineData("not-a-token")]
    public async Task AuthenticateAsync_UnknownSecret_ReturnsNull(string secret)
    {
        await _store.CreateTokenAsync(TokenRole.Operator, null, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(await _store.AuthenticateAsync(secret, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AuthenticateAsync_SecretWithOneCharacterChanged_ReturnsNull()
    {
        var issued = await _store.CreateTokenAsync(TokenRole.Operator, null, cancellationToken: TestContext.Current.CancellationToken);
        var altered = issued.Secret[..^1] + (issued.Secret[^1] == 'A' ? 'B' : 'A');

        Assert.Null(await _store.AuthenticateAsync(altered, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RevokeTokenAsync_Issued_StopsAuthenticationAndListing()
    {
        var ct = TestContext.Current.CancellationToken;
        var keep = await _store.CreateTokenAsync(TokenRole.Tenant, "a", cancellationToken: ct);
        var revoke = await _store.CreateTokenAsync(TokenRole.Tenant, "b", cancellationToken: ct);

        Assert.True(await _store.RevokeTokenAsync(revoke.Identity.TokenId, ct));

        Assert.Null(await _store.AuthenticateAsync(revoke.Secret, ct));
        Assert.NotNull(await _store.AuthenticateAsync(keep.Secret, ct));
        Assert.Equal([keep.Identity], await _store.ListTokensAsync(ct));
        Assert.False(await _store.RevokeTokenAsync(revoke.Identity.TokenId, ct));
        Assert.False(await _store.RevokeTokenAsync("tk_unknown", ct));
    }

    [Fact]
    public async Task ListTokensAsync_ThreeTokens_ListsAllInCreationOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await _store.CreateTokenAsync(TokenRole.Operator, null, "a", ct);
        var b = await _store.CreateTokenAsync(TokenRole.Tenant, "x", "b", ct);
        var c = await _store.CreateTokenAsync(TokenRole.Tenant, "y", "c", ct);

        var listed = await _store.ListTokensAsync(ct);

        Assert.Equal(new[] { a, b, c }.Select(t => t.Identity).OrderBy(i => i.CreatedAt).ThenBy(i => i.TokenId, StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task CreateTokenAsync_SecretIsNotInTheDatabaseFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var issued = await _store.CreateTokenAsync(TokenRole.Operator, null, cancellationToken: ct);
        await _store.DisposeAsync();

        var bytes = File.ReadAllBytes(_dir.DatabaseFile).Concat(File.Exists(_dir.DatabaseFile + "-wal") ? File.ReadAllBytes(_dir.DatabaseFile + "-wal") : []);
        var text = Encoding.Latin1.GetString(bytes.ToArray());

        Assert.DoesNotContain(issued.Secret[3..], text, StringComparison.Ordinal);
        Assert.Equal(1L, Raw.Scalar(_dir.DatabaseFile, "SELECT count(*) FROM tokens WHERE length(secret_hash) = 32"));
        _store = await SqliteFedNetStore.OpenAsync(_dir.Path, ct);
        Assert.Equal(issued.Identity, await _store.AuthenticateAsync(issued.Secret, ct));
    }

    [Fact]
    public async Task CreateTokenAsync_TenantRoleWithoutTenantOrOperatorWithTenant_Throws()
    {
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateTokenAsync(TokenRole.Tenant, null, cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateTokenAsync(TokenRole.Operator, "acme", cancellationToken: ct));
        Assert.Empty(await _store.ListTokensAsync(ct));
    }
}
