using System.Diagnostics;
using FedNet.Store.CrashWriter;

namespace FedNet.Store.Tests;

/// <summary>
/// Kills a writer process with SIGKILL at random points while it commits, then checks that the store opens, passes
/// <c>PRAGMA integrity_check</c>, and holds exactly the state after some prefix of the writer's commits: services,
/// versions, federation, allocations and journal all agree with the script replayed to the stored revision.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CommitAsync_WriterKilledAt20RandomPoints_StoreIsAlwaysACommittedPrefix()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = Environment.GetEnvironmentVariable("FEDNET_CRASH_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"crash seed {seed} (FEDNET_CRASH_SEED={seed} reproduces the kill delays)");
        var rng = new Random(seed);
        long previous = 0;
        for (var kill = 1; kill <= Kills; kill++)
        {
            var delay = TimeSpan.FromMilliseconds(rng.Next(0, 300));
            var startRevision = await RunAndKillAsync(delay, ct);
            Assert.Equal(previous, startRevision);

            var revision = await VerifyPrefixAsync(ct);
            output.WriteLine($"kill {kill}: after {delay.TotalMilliseconds} ms, revision {previous} -> {revision}");
            // The writer said its first commit of this run was durable before the kill.
            Assert.True(revision > previous, $"revision went from {previous} to {revision}, though the writer had committed");
            previous = revision;
        }
    }

    /// <summary>Starts the writer, waits until it has opened the store and made its first commit, lets it commit for
    /// <paramref name="delay"/> more and kills it with SIGKILL. Returns the revision it started from.</summary>
    private async Task<long> RunAndKillAsync(TimeSpan delay, CancellationToken ct)
    {
        var writerDll = Path.Combine(AppContext.BaseDirectory, "FedNet.Store.CrashWriter.dll");
        Assert.True(File.Exists(writerDll), $"{writerDll} is missing (the test project references the CrashWriter project)");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(writerDll);
        info.ArgumentList.Add(_dir.Path);
        using var process = Process.Start(info)!;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
                Assert.Fail($"writer did not start: '{ready}' {await process.StandardError.ReadToEndAsync(ct)}");
            var committing = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (committing != "committing")
                Assert.Fail($"writer did not commit: '{committing}' {await process.StandardError.ReadToEndAsync(ct)}");
            await Task.Delay(delay, ct);
            if (process.HasExited)
                Assert.Fail($"writer exited early ({process.ExitCode}): {await process.StandardError.ReadToEndAsync(ct)}");
            return long.Parse(ready.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            // Process.Kill is SIGKILL on Linux: no finally blocks, no disposal, no checkpoint in the writer.
            if (!process.HasExited)
                process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private async Task<long> VerifyPrefixAsync(CancellationToken ct)
    {
        // Checked on the file exactly as the killed writer left it (WAL included), before any open of ours.
        Assert.Equal("ok", Raw.IntegrityCheck(_dir.DatabaseFile));
        await using var store = await SqliteFedNetStore.OpenAsync(_dir.Path, ct);
        var snapshot = await store.ReadAsync(ct);
        var expected = CrashScript.After(snapshot.Revision);

        Assert.Equal(
            expected.Services.Select(p => (p.Key.Tenant, p.Key.Name, p.Value.Yaml, p.Value.Version)),
            snapshot.Services.Select(x => (x.Tenant, x.Name, x.Yaml, x.Version)));
        Assert.Equal(expected.Federation?.Yaml, snapshot.Federation?.Yaml);
        Assert.Equal(expected.Federation?.Version, snapshot.Federation?.Version);
        Assert.Equal(expected.Allocations, snapshot.Allocations);
        var journal = await store.ReadJournalAsync(limit: int.MaxValue, cancellationToken: ct);
        Assert.Equal(Enumerable.Range(1, (int)snapshot.Revision).Select(k => ($"commit {k}", (long)k)), journal.Select(j => (j.Summary, j.Revision)));
        return snapshot.Revision;
    }
}
