using System.Collections.Concurrent;
using FedNet.Planning;
using static FedNet.Store.Tests.Commits;

namespace FedNet.Store.Tests;

public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private IFedNetStore _store = null!;

    public async ValueTask InitializeAsync() =>
        _store = await SqliteFedNetStore.OpenAsync(_dir.Path, new SqliteStoreOptions { DurableCommits = false }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task CommitAsync_100ParallelCommitsToDifferentServices_NoneLost()
    {
        var ct = TestContext.Current.CancellationToken;

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            _store.CommitAsync(new StoreCommit($"actor{i}", $"svc{i}", null, [Put($"t{i % 7}", $"svc{i}", $"i: {i}", 0)], Allocations.Empty), ct), ct)));

        var snapshot = await _store.ReadAsync(ct);
        Assert.Equal(100, snapshot.Revision);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), results.Select(r => r.Revision).Order());
        Assert.Equal(100, snapshot.Services.Count);
        Assert.All(snapshot.Services, s => Assert.Equal($"i: {s.Name[3..]}", s.Yaml));
        Assert.Equal(100, (await _store.ReadJournalAsync(limit: 1000, cancellationToken: ct)).Count);
    }

    [Fact]
    public async Task CommitAsync_ParallelWritersOnOneServiceWithExpectedVersions_ExactlyOneWinsPerVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.CommitAsync(Services(Put("acme", "web", "start", 0)), ct);
        var winners = new ConcurrentDictionary<long, string>();
        var duplicateWins = 0;
        const int Rounds = 20;

        async Task Writer(int id)
        {
            while (true)
            {
                var current = (await _store.GetServiceAsync("acme", "web", ct))!.Version;
                if (current > Rounds)
                    return;
                try
                {
                    var result = await _store.CommitAsync(Services(Put("acme", "web", $"writer {id} over {current}", current)), ct);
                    if (!winners.TryAdd(result.Services[0].Version, $"writer {id}"))
                        Interlocked.Increment(ref duplicateWins);
                }
                catch (StoreConflictException e) when (e.Actual > current)
                {
                    // Lost the race for this version: someone else committed it.
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(id => Task.Run(() => Writer(id), ct)));

        var final = (await _store.GetServiceAsync("acme", "web", ct))!;
        Assert.Equal(0, duplicateWins);
        Assert.Equal(Enumerable.Range(2, (int)final.Version - 1).Select(v => (long)v), winners.Keys.Order());
        Assert.StartsWith(winners[final.Version], final.Yaml, StringComparison.Ordinal);
        Assert.Equal(final.Version, (await _store.ReadAsync(ct)).Revision);
    }

    [Fact]
    public async Task CommitAsync_TwoStoreInstancesOnOneFile_BothWritersCommitEverything()
    {
        // Two instances share no semaphore, like two processes: SQLite's write lock and busy_timeout serialize them.
        var ct = TestContext.Current.CancellationToken;
        await using var other = await SqliteFedNetStore.OpenAsync(_dir.Path, ct);

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 30; i++)
                    await _store.CommitAsync(Services(Put("a", $"s{i}", "x", 0)), ct);
            }, ct),
            Task.Run(async () =>
            {
                for (var i = 0; i < 30; i++)
                    await other.CommitAsync(Services(Put("b", $"s{i}", "x", 0)), ct);
            }, ct));

        var snapshot = await _store.ReadAsync(ct);
        Assert.Equal(60, snapshot.Revision);
        Assert.Equal(60, snapshot.Services.Count);
    }

    [Fact]
    public async Task ReadAsync_WhileCommitting_EverySnapshotIsConsistent()
    {
        // Each commit writes n services s0..s(n-1) with yaml n and allocations of n networks: a snapshot that mixes
        // two commits would show different n's.
        var ct = TestContext.Current.CancellationToken;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writer = Task.Run(async () =>
        {
            for (var n = 1; n <= 40; n++)
            {
                var writes = Enumerable.Range(0, 10).Select(i => Put("t", $"s{i}", n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
                await _store.CommitAsync(Services(writes) with { Allocations = SomeAllocations(n) }, ct);
            }
        }, ct);
        var checkedSnapshots = 0;
        while (!writer.IsCompleted)
        {
            var s = await _store.ReadAsync(ct);
            if (s.Revision == 0)
                continue;
            var n = (int)s.Revision;
            Assert.All(s.Services, svc => Assert.Equal(n.ToString(System.Globalization.CultureInfo.InvariantCulture), svc.Yaml));
            Assert.Equal(SomeAllocations(n), s.Allocations);
            checkedSnapshots++;
        }
        await writer;
        Assert.True(checkedSnapshots > 0);
    }
}
