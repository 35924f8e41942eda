using System.Diagnostics;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// The controller benchmark scenarios at small N, run as the benchmark program (built by the solution build, as
/// ./test.sh does): the pipeline works end to end. Never a timing assertion.
/// </summary>
public sealed class ResilienceScenarioSmokeTests
{
    private static readonly Lazy<string> BenchDll = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "FedNet.slnx")))
            root = root.Parent;
        if (root is null)
            throw new DirectoryNotFoundException($"no FedNet.slnx above {AppContext.BaseDirectory}");
        var dll = Path.Combine(root.FullName, "bench", "FedNet.Benchmarks", "bin", "Release", "net10.0", "FedNet.Benchmarks.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the solution in Release first (./test.sh does)");
    });

    [Fact]
    public async Task Restart100kScenario_SmallTable_NewControllerSendsNothingAndFindsItInSync()
    {
        Prerequisites.Require("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ovs-appctl");

        var (exit, output) = await RunAsync("scenario", "restart-100k", "--flows", "2000", "--rounds", "1");

        Assert.True(exit == 0, output);
        Assert.Contains("round 1: new controller in sync after", output, StringComparison.Ordinal);
        Assert.Contains("(0 flow-mods, 0 meter-mods, 0 OVSDB writes, 2,029 in sync)", output, StringComparison.Ordinal);
        Assert.Contains("(no flow table change)", output, StringComparison.Ordinal);
        Assert.Contains("restart-100k: OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisioningScenario_FewNetworks_EverySwitchAcknowledgedAndEverySampledPairPings()
    {
        Prerequisites.Require("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ip", "ping", "ethtool");
        var id = Examples.FreshLab().Id;

        var (exit, output) = await RunAsync("scenario", "provisioning", "--networks", "8", "--sample", "5", "--id", id);

        Assert.True(exit == 0, output);
        Assert.Contains("every switch acknowledged by a barrier", output, StringComparison.Ordinal);
        Assert.Equal(5, output.Split('\n').Count(l => l.Contains("first reply", StringComparison.Ordinal)));
        Assert.DoesNotContain("NO REPLY", output, StringComparison.Ordinal);
        Assert.Contains("(Gre)", output, StringComparison.Ordinal);
        Assert.Contains("(Vpls)", output, StringComparison.Ordinal);
        Assert.Contains("baseline ovs-ofctl --bundle add-flows", output, StringComparison.Ordinal);
        Assert.Contains("provisioning: OK", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Lab.LabOptions.DefaultRoot, id)), "the scenario left its lab behind");
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(BenchDll.Value);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output + await error);
    }
}
