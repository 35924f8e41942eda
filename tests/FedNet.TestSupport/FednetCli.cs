using System.Diagnostics;

namespace FedNet.TestSupport;

/// <summary>
/// Runs the CLI the solution build produced (<c>src/FedNet.Cli/bin/Release/net10.0/fednet.dll</c>; ./test.sh builds
/// it before running tests), the same binary <c>./fednet</c> runs, as a separate process.
/// </summary>
public static class FednetCli
{
    private static readonly Lazy<string> Dll = new(() =>
    {
        var dll = Path.Combine(Repository.Root, "src", "FedNet.Cli", "bin", "Release", "net10.0", "fednet.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the solution in Release first (./test.sh does)");
    });

    /// <summary>The path of the built <c>fednet.dll</c>.</summary>
    public static string DllPath => Dll.Value;

    /// <summary>Runs <c>fednet ARGS</c>, killing it after two minutes, and returns its exit code and output.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(DllPath);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
