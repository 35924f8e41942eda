using FedNet.Planning;
using Microsoft.Extensions.Time.Testing;
using static FedNet.Store.Tests.Commits;

namespace FedNet.Store.Tests;

public sealed class StoreReadWriteTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private IFedNetStore _store = null!;

    public async ValueTask InitializeAsync() =>
        _store = await SqliteFedNetStore.OpenAsync(_dir.Path, new SqliteStoreOptions { TimeProvider = _time }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task ReadAsync_NewStore_IsEmptyAtRevisionZero()
    {
        var snapshot = await _store.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, snapshot.Revision);
        Assert.Null(snapshot.Federation);
        Assert.Empty(snapshot.Services);
        Assert.Equal(Allocations.Empty, snapshot.Allocations);
        Assert.True(File.Exists(_dir.DatabaseFile));
    }

    [Fact]
    public async Task OpenAsync_NewFile_UsesWalMode()
    {
        Assert.Equal("wal", Raw.Scalar(_dir.DatabaseFile, "PRAGMA journal_mode"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task CommitAsync_NewService_StartsAtVersionOneWithTheClockTime()
    {
        var result = await _store.CommitAsync(Services(Put("acme", "web", "a: 1")), TestContext.Current.CancellationToken);

        var written = Assert.Single(result.Services);
        Assert.Equal(new StoredService("acme", "web", "a: 1", 1, _time.GetUtcNow()), written);
        Assert.Equal(1, result.Revision);
        Assert.Null(result.Federation);
        Assert.Equal(written, await _store.GetServiceAsync("acme", "web", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CommitAsync_UpdateThenDeleteThenRecreate_VersionsGrowAndRestartAtOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.CommitAsync(Services(Put("acme", "web", "v1")), ct);
        _time.Advance(TimeSpan.FromSeconds(5));
        var updated = await _store.CommitAsync(Services(Put("acme", "web", "v2")), ct);
        Assert.Equal(2, updated.Services[0].Version);
        Assert.Equal(_time.GetUtcNow(), updated.Services[0].UpdatedAt);

        var deleted = await _store.CommitAsync(Services(Delete("acme", "web")), ct);
        Assert.Empty(deleted.Services);
        Assert.Null(await _store.GetServiceAsync("acme", "web", ct));

        var recreated = await _store.CommitAsync(Services(Put("acme", "web", "v3")), ct);
        Assert.Equal(1, recreated.Services[0].Version);
        Assert.Equal(4, recreated.Revision);
    }

    [Fact]
    public async Task CommitAsync_DeleteOfAbsentService_ChangesNothingButTheRevision()
    {
        var result = await _store.CommitAsync(Services(Delete("acme", "ghost")), TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Revision);
        Assert.Empty(await _store.ListServicesAsync(cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CommitAsync_Federation_IsVersionedAndReturned()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await _store.CommitAsync(Federation("name: fed\n"), ct);
        var second = await _store.CommitAsync(Federation("name: fed\n# edited\n", expected: 1), ct);

        Assert.Equal(1, first.Federation!.Version);
        Assert.Equal(new StoredFederation("fed", "name: fed\n# edited\n", 2, _time.GetUtcNow()), second.Federation);
        Assert.Equal(second.Federation, await _store.GetFederationAsync(ct));
    }

    [Fact]
    public async Task GetFederationAsync_NeverWritten_IsNull() =>
        Assert.Null(await _store.GetFederationAsync(TestContext.Current.CancellationToken));

    [Fact]
    public async Task GetServiceAsync_Absent_IsNull() =>
        Assert.Null(await _store.GetServiceAsync("acme", "nothing", TestContext.Current.CancellationToken));

    [Fact]
    public async Task ListServicesAsync_SeveralTenants_OrderedByTenantThenNameAndFilteredByTenant()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.CommitAsync(Services(Put("zeta", "a"), Put("acme", "web"), Put("acme", "db")), ct);

        var all = await _store.ListServicesAsync(cancellationToken: ct);
        var acme = await _store.ListServicesAsync("acme", ct);

        Assert.Equal(["acme/db", "acme/web", "zeta/a"], all.Select(s => $"{s.Tenant}/{s.Name}"));
        Assert.Equal(["db", "web"], acme.Select(s => s.Name));
        Assert.Empty(await _store.ListServicesAsync("nobody", ct));
    }

    [Fact]
    public async Task ReadAsync_AfterCommits_HasEveryServiceTheFederationAndTheAllocations()
    {
        var ct = TestContext.Current.CancellationToken;
        var allocations = SomeAllocations(3);
        await _store.CommitAsync(new StoreCommit("op", "all", new FederationWrite("fed", "f"), [Put("a", "x"), Put("b", "y")], allocations), ct);

        var snapshot = await _store.ReadAsync(ct);

        Assert.Equal(1, snapshot.Revision);
        Assert.Equal("fed", snapshot.Federation!.Name);
        Assert.Equal(2, snapshot.Services.Count);
        Assert.Equal(allocations, snapshot.Allocations);
    }

    [Fact]
    public async Task ReadAsync_AfterReopen_ReturnsTheSameSnapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.CommitAsync(new StoreCommit("op", "one", new FederationWrite("fed", "f"), [Put("a", "x"), Put("b", "y")], SomeAllocations(5)), ct);
        await _store.CommitAsync(Services(Put("a", "x", "x2"), Delete("b", "y")) with { Allocations = SomeAllocations(7) }, ct);
        var before = await _store.ReadAsync(ct);
        await _store.DisposeAsync();

        _store = await SqliteFedNetStore.OpenAsync(_dir.Path, new SqliteStoreOptions { TimeProvider = _time }, ct);
        var after = await _store.ReadAsync(ct);

        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.Federation, after.Federation);
        Assert.Equal(before.Services, after.Services);
        Assert.Equal(before.Allocations, after.Allocations);
        Assert.Equal(SomeAllocations(7), after.Allocations);
    }

    [Fact]
    public async Task CommitAsync_SameAllocationsAgain_KeepsThemStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var allocations = SomeAllocations(4);
        await _store.CommitAsync(Services(Put("a", "x")) with { Allocations = allocations }, ct);
        await _store.CommitAsync(Services(Put("a", "y")) with { Allocations = allocations }, ct);
        await _store.DisposeAsync();

        _store = await SqliteFedNetStore.OpenAsync(_dir.Path, ct);

        Assert.Equal(allocations, (await _store.ReadAsync(ct)).Allocations);
    }

    [Fact]
    public async Task ReadJournalAsync_ThreeCommits_ListsThemInOrderWithPaging()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.CommitAsync(new StoreCommit("alice", "first", null, [Put("a", "x")], Allocations.Empty), ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _store.CommitAsync(new StoreCommit("bob", "second", null, [Put("a", "y")], Allocations.Empty), ct);
        await _store.CommitAsync(new StoreCommit("carol", "third", null, [Delete("a", "x")], Allocations.Empty), ct);

        var all = await _store.ReadJournalAsync(cancellationToken: ct);
        var page = await _store.ReadJournalAsync(afterSequence: all[0].Sequence, limit: 1, cancellationToken: ct);

        Assert.Equal(["alice:first:1", "bob:second:2", "carol:third:3"], all.Select(e => $"{e.Actor}:{e.Summary}:{e.Revision}"));
        Assert.Equal(_time.GetUtcNow(), all[1].At);
        Assert.True(all[0].Sequence < all[1].Sequence && all[1].Sequence < all[2].Sequence);
        Assert.Equal("second", Assert.Single(page).Summary);
        Assert.Empty(await _store.ReadJournalAsync(afterSequence: all[2].Sequence, cancellationToken: ct));
    }

    [Fact]
    public async Task CommitAsync_SameServiceTwiceInOneCommit_IsRejected()
    {
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentException>(() => _store.CommitAsync(Services(Put("a", "x"), Delete("a", "x")), ct));

        Assert.Equal(0, (await _store.ReadAsync(ct)).Revision);
    }

    [Fact]
    public async Task DisposeAsync_ThenUse_ThrowsObjectDisposed()
    {
        await _store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.ReadAsync(TestContext.Current.CancellationToken));
    }
}
