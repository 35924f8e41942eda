using System.Security.Cryptography;
using FedNet.Evaluation;

namespace FedNet.Evaluation.Tests;

/// <summary>How the experiments' smoke tests run one experiment in quick mode into a temporary results folder.</summary>
internal static class Smoke
{
    /// <summary>A quick-mode context with a fresh lab id prefix ("t" + 2 hex digits) and the built CLI for WAN forwarders.</summary>
    public static ExperimentContext Context(List<string>? progress = null) => new(
        Repository.Root,
        Quick: true,
        new Progress(progress ?? []),
        LabIdPrefix: "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(1)),
        FednetCommand: ["dotnet", FednetCli.DllPath]);

    /// <summary>
    /// Runs <paramref name="experimentId"/> through <see cref="PaperBenchmark"/> (the path <c>bench paper</c> takes) into a
    /// fresh folder; fails the test with the experiment's error if it threw. Returns the folder (caller deletes it).
    /// </summary>
    public static async Task<(string Directory, IReadOnlyList<string> Progress)> RunAsync(string experimentId)
    {
        var dir = Directory.CreateTempSubdirectory("fednet-smoke-").FullName;
        var lines = new List<string>();
        var outcomes = await PaperBenchmark.RunAsync(PaperBenchmark.Select([experimentId]), Context(lines), dir, TestContext.Current.CancellationToken);
        var outcome = Assert.Single(outcomes);
        if (outcome.Error is { } e)
            Assert.Fail($"{experimentId} failed: {e}\nprogress:\n{string.Join('\n', lines)}");
        Assert.True(File.Exists(Path.Combine(dir, experimentId + ".md")));
        Assert.True(File.Exists(Path.Combine(dir, experimentId + ".json")));
        return (dir, lines);
    }

    /// <summary>Collects progress lines synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Progress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
                lines.Add(value);
        }
    }
}
