using FedNet.Planning;
using static FedNet.Store.Tests.Commits;

namespace FedNet.Store.Tests;

public sealed class ConflictTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private IFedNetStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteFedNetStore.OpenAsync(_dir.Path, TestContext.Current.CancellationToken);
        // acme/web at version 2, federation at version 1, allocations with 2 networks, revision 2.
        await _store.CommitAsync(new StoreCommit("t", "c1", new FederationWrite("fed", "f1"), [Put("acme", "web", "v1")], SomeAllocations(2)),
            TestContext.Current.CancellationToken);
        await _store.CommitAsync(Services(Put("acme", "web", "v2")) with { Allocations = SomeAllocations(2) }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(3L)]
    public async Task CommitAsync_WrongExpectedVersion_ThrowsConflictWithBothVersions(long expected)
    {
        var e = await Assert.ThrowsAsync<StoreConflictException>(() =>
            _store.CommitAsync(Services(Put("acme", "web", "v3", expected)), TestContext.Current.CancellationToken));

        Assert.Equal(("acme", "web", expected, 2L), (e.Tenant, e.Name, e.Expected, e.Actual));
        Assert.True(e.IsTransient);
        Assert.Contains("acme/web", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_ExpectedVersionOfMissingService_ReportsActualZero()
    {
        var e = await Assert.ThrowsAsync<StoreConflictException>(() =>
            _store.CommitAsync(Services(Put("acme", "new", "x", expected: 1)), TestContext.Current.CancellationToken));

        Assert.Equal(0, e.Actual);
    }

    [Fact]
    public async Task CommitAsync_RightExpectedVersions_Succeed()
    {
        var ct = TestContext.Current.CancellationToken;

        var result = await _store.CommitAsync(Services(Put("acme", "web", "v3", expected: 2), Put("acme", "new", "n", expected: 0)), ct);
        var deleted = await _store.CommitAsync(Services(Delete("acme", "web", expected: 3)), ct);

        Assert.Equal([3L, 1L], result.Services.Select(s => s.Version));
        Assert.Equal(4, deleted.Revision);
    }

    [Fact]
    public async Task CommitAsync_OneFailingCheckAmongSeveralWrites_WritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await _store.ReadAsync(ct);
        var journalBefore = await _store.ReadJournalAsync(cancellationToken: ct);

        // The good writes come first, so they have been executed inside the transaction when the check fails.
        await Assert.ThrowsAsync<StoreConflictException>(() => _store.CommitAsync(new StoreCommit("t", "bad",
            new FederationWrite("fed", "f2", 1),
            [Put("acme", "other", "o", 0), Put("beta", "x", "x"), Put("acme", "web", "v3", expected: 1)],
            SomeAllocations(9)), ct));

        var after = await _store.ReadAsync(ct);
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.Federation, after.Federation);
        Assert.Equal(before.Services, after.Services);
        Assert.Equal(SomeAllocations(2), after.Allocations);
        Assert.Equal(journalBefore, await _store.ReadJournalAsync(cancellationToken: ct));
    }

    [Fact]
    public async Task CommitAsync_WrongFederationVersion_ThrowsConflictWithNullTenantAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;

        var e = await Assert.ThrowsAsync<StoreConflictException>(() => _store.CommitAsync(
            new StoreCommit("t", "bad", new FederationWrite("fed", "f2", 0), [Put("acme", "new", "n")], Allocations.Empty), ct));

        Assert.Null(e.Tenant);
        Assert.Equal((0L, 1L), (e.Expected, e.Actual));
        Assert.Null(await _store.GetServiceAsync("acme", "new", ct));
        Assert.Equal("f1", (await _store.GetFederationAsync(ct))!.Yaml);
    }

    [Fact]
    public async Task CommitAsync_AfterAConflict_TheNextCommitStillWorksAndAllocationsAreFromIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<StoreConflictException>(() =>
            _store.CommitAsync(Services(Put("acme", "web", "x", 9)) with { Allocations = SomeAllocations(5) }, ct));

        var ok = await _store.CommitAsync(Services(Put("acme", "web", "v3", 2)) with { Allocations = SomeAllocations(6) }, ct);

        Assert.Equal(3, ok.Revision);
        Assert.Equal(SomeAllocations(6), (await _store.ReadAsync(ct)).Allocations);
    }
}
