using FedNet.Store.Internal;
using Microsoft.Data.Sqlite;

namespace FedNet.Store.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OpenAsync_EmptyFile_MigratesToTheLatestSchema()
    {
        File.WriteAllBytes(_dir.DatabaseFile, []);

        await using (var store = await SqliteFedNetStore.OpenAsync(_dir.Path, TestContext.Current.CancellationToken))
            Assert.Equal(0, (await store.ReadAsync(TestContext.Current.CancellationToken)).Revision);

        Assert.Equal((long)SqliteFedNetStore.SchemaVersion, Raw.Scalar(_dir.DatabaseFile, "SELECT version FROM schema_version"));
        Assert.Equal("ok", Raw.IntegrityCheck(_dir.DatabaseFile));
    }

    [Fact]
    public async Task OpenAsync_MissingDirectory_CreatesIt()
    {
        var nested = Path.Combine(_dir.Path, "a", "b");

        await using var store = await SqliteFedNetStore.OpenAsync(nested, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(Path.Combine(nested, SqliteFedNetStore.FileName)));
    }

    [Fact]
    public async Task OpenAsync_FutureSchema_RefusesWithAClearErrorAndLeavesTheFileAlone()
    {
        await (await SqliteFedNetStore.OpenAsync(_dir.Path, TestContext.Current.CancellationToken)).DisposeAsync();
        Raw.Exec(_dir.DatabaseFile, "UPDATE schema_version SET version = 99");

        var e = await Assert.ThrowsAsync<StoreException>(() => SqliteFedNetStore.OpenAsync(_dir.Path, TestContext.Current.CancellationToken));

        Assert.Contains("99", e.Message, StringComparison.Ordinal);
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.DatabaseFile, e.Message, StringComparison.Ordinal);
        Assert.Equal(99L, Raw.Scalar(_dir.DatabaseFile, "SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task OpenAsync_NotADatabase_ThrowsStoreExceptionNamingTheFile()
    {
        File.WriteAllText(_dir.DatabaseFile, new string('z', 8192));

        var e = await Assert.ThrowsAsync<StoreException>(() => SqliteFedNetStore.OpenAsync(_dir.Path, TestContext.Current.CancellationToken));

        Assert.Contains(_dir.DatabaseFile, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_NewerBuildWithAnExtraStep_MigratesAnExistingStoreKeepingItsData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var store = await SqliteFedNetStore.OpenAsync(_dir.Path, ct))
            await store.CommitAsync(Commits.Services(Commits.Put("acme", "web", "kept")), ct);
        Migration[] steps = [.. Migrations.All, new(Migrations.Latest + 1, "test column", (c, t) => Exec(c, t, "ALTER TABLE services ADD COLUMN note TEXT"))];

        await using (var store = SqliteStore.Open(_dir.Path, new SqliteStoreOptions(), steps))
            Assert.Equal("kept", (await store.GetServiceAsync("acme", "web", ct))!.Yaml);

        Assert.Equal((long)Migrations.Latest + 1, Raw.Scalar(_dir.DatabaseFile, "SELECT version FROM schema_version"));
        Assert.Equal(0L, Raw.Scalar(_dir.DatabaseFile, "SELECT count(*) FROM services WHERE note IS NOT NULL"));
    }

    [Fact]
    public async Task Open_StepThatFails_RollsBackThatStepAndTheNextOpenRetriesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var latest = Migrations.Latest;
        Migration[] failing = [.. Migrations.All, new(latest + 1, "fails half-way", (c, t) =>
        {
            Exec(c, t, "CREATE TABLE half (x INTEGER)");
            throw new InvalidOperationException("step failed");
        })];

        Assert.Throws<InvalidOperationException>(() => SqliteStore.Open(_dir.Path, new SqliteStoreOptions(), failing));

        Assert.Equal((long)latest, Raw.Scalar(_dir.DatabaseFile, "SELECT version FROM schema_version"));
        Assert.Equal(0L, Raw.Scalar(_dir.DatabaseFile, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'"));
        Migration[] fixedSteps = [.. Migrations.All, new(latest + 1, "fixed", (c, t) => Exec(c, t, "CREATE TABLE half (x INTEGER)"))];
        await using (var store = SqliteStore.Open(_dir.Path, new SqliteStoreOptions(), fixedSteps))
            Assert.Equal(0, (await store.ReadAsync(ct)).Revision);
        Assert.Equal((long)latest + 1, Raw.Scalar(_dir.DatabaseFile, "SELECT version FROM schema_version"));
    }

    [Fact]
    public async Task Open_Version1StoreWithWholeAllocations_SplitsThemPerServiceAndKeepsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var (federation, services) = FedNet.Planning.Tests.RandomDescriptions.Build(7);
        var allocations = FedNet.Planning.Planner.Plan(federation, services).Allocations;
        await SqliteStore.Open(_dir.Path, new SqliteStoreOptions(), [Migrations.All[0]]).DisposeAsync();
        var json = System.Text.Encoding.UTF8.GetString(AllocationsJson.Serialize(allocations)).Replace("'", "''", StringComparison.Ordinal);
        Raw.Exec(_dir.DatabaseFile, $"UPDATE store_state SET allocations = '{json}', revision = 1");

        await using (var store = await SqliteFedNetStore.OpenAsync(_dir.Path, ct))
            Assert.Equal(allocations, (await store.ReadAsync(ct)).Allocations);

        Assert.Equal((long)services.Select(s => (s.Tenant, s.Name)).Distinct().Count(), Raw.Scalar(_dir.DatabaseFile, "SELECT count(*) FROM allocations"));
        Assert.Equal(0L, Raw.Scalar(_dir.DatabaseFile, "SELECT json_array_length(allocations, '$.macs') FROM store_state"));
    }

    [Fact]
    public void Migrations_Versions_AreOneTwoThreeInOrder() =>
        Assert.Equal(Enumerable.Range(1, Migrations.All.Count), Migrations.All.Select(m => m.Version));

    [Fact]
    public void DefaultDataDirectory_FromEnvironment_ElseVarLib()
    {
        var saved = Environment.GetEnvironmentVariable("FEDNET_DATA");
        try
        {
            Environment.SetEnvironmentVariable("FEDNET_DATA", "/srv/fednet");
            Assert.Equal("/srv/fednet", SqliteFedNetStore.DefaultDataDirectory);
            Environment.SetEnvironmentVariable("FEDNET_DATA", null);
            Assert.Equal("/var/lib/fednet", SqliteFedNetStore.DefaultDataDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FEDNET_DATA", saved);
        }
    }

    private static void Exec(SqliteConnection c, SqliteTransaction t, string sql)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
