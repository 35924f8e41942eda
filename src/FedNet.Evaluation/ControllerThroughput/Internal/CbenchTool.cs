using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace FedNet.Evaluation.ControllerThroughput.Internal;

/// <summary>
/// The load generator (bench/FedNet.Cbench), built into <c>&lt;repo&gt;/.build/cbench</c> when its sources (or the
/// OpenFlow library it uses) changed, and run as a child process that prints one JSON object.
/// </summary>
internal static class CbenchTool
{
    private static readonly SemaphoreSlim BuildGate = new(1, 1);

    /// <summary>Builds the generator if stale; returns the path of its dll.</summary>
    public static async Task<string> EnsureBuiltAsync(string repositoryRoot, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var output = Path.Combine(repositoryRoot, ".build", "cbench");
        var dll = Path.Combine(output, "FedNet.Cbench.dll");
        await BuildGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsStale(repositoryRoot, dll))
                return dll;
            progress.Report("building the load generator (bench/FedNet.Cbench)");
            var project = Path.Combine(repositoryRoot, "bench", "FedNet.Cbench", "FedNet.Cbench.csproj");
            var (exit, stdout, stderr) = await VmTools.RunAsync(
                ["dotnet", "build", project, "-c", "Release", "-o", output, "-nologo", "-v", "quiet", "-clp:ErrorsOnly"], cancellationToken)
                .ConfigureAwait(false);
            if (exit != 0 || !File.Exists(dll))
                throw new InvalidOperationException($"building {project} failed (exit {exit}): {stdout.Trim()} {stderr.Trim()}");
            File.SetLastWriteTimeUtc(dll, DateTime.UtcNow);
            return dll;
        }
        finally
        {
            BuildGate.Release();
        }
    }

    private static bool IsStale(string root, string dll)
    {
        if (!File.Exists(dll))
            return true;
        var built = File.GetLastWriteTimeUtc(dll);
        string[] folders = [Path.Combine(root, "bench", "FedNet.Cbench"), Path.Combine(root, "src", "FedNet.OpenFlow"), Path.Combine(root, "src", "FedNet.Core")];
        var sources = folders.Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat([Path.Combine(root, "Directory.Build.props"), Path.Combine(root, "Directory.Packages.props")])
            .Where(File.Exists);
        return sources.Any(f => File.GetLastWriteTimeUtc(f) > built);
    }

    /// <summary>
    /// Runs the generator against <paramref name="controller"/>; returns its JSON (with <c>error</c> when the run failed)
    /// and its PID. A generator that outlives its own timeouts by 30 s is killed.
    /// </summary>
    public static async Task<(JsonObject Result, int Pid)> RunAsync(string dll, string controller, string mode, TimeSpan warmup,
        TimeSpan duration, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            dll, "--controller", controller, "--mode", mode,
            "--warmup", warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--duration", duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet for the load generator");
        var pid = process.Id;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Connect + features (10 s), first flow (1 s), warm-up, window, shutdown: anything beyond is a hang.
        limit.CancelAfter(warmup + duration + TimeSpan.FromSeconds(40));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return (new JsonObject { ["error"] = $"load generator did not finish within {warmup + duration + TimeSpan.FromSeconds(40)}; killed" }, pid);
        }
        var text = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        JsonObject? json = null;
        try
        {
            json = line is null ? null : JsonNode.Parse(line) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        json ??= new JsonObject { ["error"] = $"load generator exited {process.ExitCode} without a result: {errors.Trim()} {text.Trim()}" };
        if (process.ExitCode != 0 && json["error"] is null)
            json["error"] = $"load generator exited {process.ExitCode}: {errors.Trim()}";
        return (json, pid);
    }
}
