using System.Diagnostics;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Lab.Tests;

/// <summary>Up, down, crashes and coexistence: each test owns its labs and removes them even when it fails.</summary>
public sealed class LabLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpDown_ThreeTimes_LeavesNothingBehind()
    {
        var options = Topologies.FreshOptions();
        var lab = new FederationLab(options);
        var rootLinksBefore = LabProbe.RootLabLinks();
        Assert.Empty(await LabProbe.TracesAsync(options));
        try
        {
            for (var round = 0; round < 3; round++)
            {
                var state = await lab.UpAsync(Topologies.Paper(), cancellationToken: Ct);
                Assert.NotEmpty(await LabProbe.TracesAsync(options));
                Assert.All(state.Processes, p => Assert.True(ProcessKiller.IsAlive(p.Pid), $"{p.Role} ({p.Pid}) is not running"));
                Assert.Equal(3, state.Processes.Count(p => p.Role.StartsWith("wan-forward", StringComparison.Ordinal)));

                await lab.DownAsync(cancellationToken: Ct);

                Assert.Empty(await LabProbe.TracesAsync(options));
                Assert.All(state.Processes, p => Assert.False(ProcessKiller.IsAlive(p.Pid), $"{p.Role} ({p.Pid}) still runs"));
                Assert.Equal(rootLinksBefore, LabProbe.RootLabLinks());
                Assert.False(lab.Exists);
            }
        }
        finally
        {
            await lab.DownAsync(cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Up_AfterLabUpProcessKilledMidway_RemovesLeftoversThenComesUp()
    {
        var options = Topologies.FreshOptions();
        var lab = new FederationLab(options);
        try
        {
            // A real `fednet lab up`, killed with SIGKILL while it builds.
            var psi = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "fednet.dll"), "lab", "up", "--id", options.Id,
                "-f", Path.Combine(Topologies.Examples, "federation-paper.yaml")])
                psi.ArgumentList.Add(a);
            using (var up = Process.Start(psi)!)
            {
                while (await up.StandardOutput.ReadLineAsync(Ct) is { } line && !line.Contains("open vswitch up", StringComparison.Ordinal))
                {
                }
                up.Kill();
                await up.WaitForExitAsync(Ct);
            }
            Assert.NotEmpty(await LabProbe.TracesAsync(options));

            var progress = new List<string>();
            var state = await lab.UpAsync(Topologies.Paper(), new SyncProgress(progress), Ct);

            Assert.Contains(progress, p => p.Contains("removing leftovers", StringComparison.Ordinal));
            Assert.Equal(7, state.Nodes.Count);
            Assert.True(LabProbe.Reaches(state.Node("kuas-gw")!.Namespace, "172.16.0.3"));
        }
        finally
        {
            await lab.DownAsync(cancellationToken: CancellationToken.None);
        }
        Assert.Empty(await LabProbe.TracesAsync(options));
    }

    [Fact]
    public async Task Up_AfterLabProcessesKilled_RemovesLeftoversThenComesUp()
    {
        var options = Topologies.FreshOptions();
        var lab = new FederationLab(options);
        try
        {
            var first = await lab.UpAsync(Topologies.Paper(), cancellationToken: Ct);
            foreach (var p in first.Processes)
                Shell.Run("kill", "-KILL", p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

            var second = await lab.UpAsync(Topologies.Paper(), cancellationToken: Ct);

            Assert.All(first.Processes, p => Assert.False(ProcessKiller.IsAlive(p.Pid)));
            Assert.All(second.Processes, p => Assert.True(ProcessKiller.IsAlive(p.Pid), $"{p.Role} ({p.Pid}) is not running"));
            Assert.True(LabProbe.Reaches(second.Node("ntust-gw")!.Namespace, "172.16.0.1"));
        }
        finally
        {
            await lab.DownAsync(cancellationToken: CancellationToken.None);
        }
        Assert.Empty(await LabProbe.TracesAsync(options));
    }

    [Fact]
    public async Task TwoLabs_PaperAndFourSitesExample_CoexistAndGoDownIndependently()
    {
        var paperOptions = Topologies.FreshOptions();
        var fourOptions = Topologies.FreshOptions();
        var paper = new FederationLab(paperOptions);
        var four = new FederationLab(fourOptions);
        try
        {
            var p = await paper.UpAsync(Topologies.Paper(), cancellationToken: Ct);
            var f = await four.UpAsync(Topologies.FourSitesExample(), cancellationToken: Ct);

            Assert.Equal(9, f.Nodes.Count);
            Assert.Equal([LabTransitKind.Vpls, LabTransitKind.Vpls, LabTransitKind.Tunnel], f.Transits.Select(t => t.Kind));
            Assert.Equal(["seg0", "tr0", "wan0"], f.Node("north-a-gw")!.Interfaces);
            Assert.Equal(["seg0", "tr1", "wan0"], f.Node("south-a-gw")!.Interfaces);
            Assert.Equal(["seg0", "tr1"], f.Node("south-b-gw")!.Interfaces);
            Assert.Empty(p.Nodes.Select(n => n.Namespace).Intersect(f.Nodes.Select(n => n.Namespace)));
            Assert.True(LabProbe.Reaches(f.Node("north-a-gw")!.Namespace, "172.17.0.3"),
                "north-a-gw cannot reach south-a-gw over the VXLAN transit's underlay");
            Assert.True(LabProbe.Reaches(p.Node("kuas-gw")!.Namespace, "172.16.0.3"));

            await four.DownAsync(cancellationToken: Ct);

            Assert.Empty(await LabProbe.TracesAsync(fourOptions));
            Assert.True(LabProbe.Reaches(p.Node("kuas-gw")!.Namespace, "172.16.0.3"), "the paper lab broke when the other went down");
        }
        finally
        {
            await four.DownAsync(cancellationToken: CancellationToken.None);
            await paper.DownAsync(cancellationToken: CancellationToken.None);
        }
        Assert.Empty(await LabProbe.TracesAsync(paperOptions));
    }

    [Fact]
    public async Task Wan_RateLimitedTunnel_TcpThroughputCappedAtConfiguredRate()
    {
        const long Rate = 8_000_000;
        var options = Topologies.FreshOptions();
        var lab = new FederationLab(options);
        Process? server = null;
        try
        {
            var state = await lab.UpAsync(Topologies.TwoSitesTunnel(new LabWan(TimeSpan.FromMilliseconds(1), TimeSpan.Zero, 0, Rate)),
                cancellationToken: Ct);
            var x = state.Node("x-gw")!.Namespace;
            var y = state.Node("y-gw")!.Namespace;
            var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])["netns", "exec", y, "iperf3", "-s", "-1", "-B", "198.51.100.2"])
                psi.ArgumentList.Add(a);
            server = Process.Start(psi)!;
            CommandResult client = null!;
            for (var attempt = 0; attempt < 50; attempt++)
            {
                client = LabProbe.InNs(x, "iperf3", "-c", "198.51.100.2", "-t", "3", "-f", "k");
                if (client.Succeeded || !client.StandardError.Contains("Connection refused", StringComparison.Ordinal))
                    break;
                await Task.Delay(100, Ct); // the server is not listening yet
            }
            Assert.True(client.Succeeded, client.StandardError + client.StandardOutput);
            var receiver = client.StandardOutput.Split('\n').Last(l => l.Contains("receiver", StringComparison.Ordinal));
            var fields = receiver.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var kbits = double.Parse(fields[Array.IndexOf(fields, "Kbits/sec") - 1], System.Globalization.CultureInfo.InvariantCulture);

            // The shaper must cap the rate (a correctness check of the emulator); TCP should also get most of it.
            Assert.InRange(kbits * 1000, 0.5 * Rate, 1.05 * Rate);
            TestContext.Current.TestOutputHelper?.WriteLine($"configured {Rate / 1e6} Mbit/s, TCP got {kbits / 1000:0.00} Mbit/s");
        }
        finally
        {
            if (server is not null)
            {
                if (!server.HasExited)
                    ProcessKiller.Terminate(server.Id);
                server.Dispose();
            }
            await lab.DownAsync(cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Cli_UpStatusVmExecDown_WorksEndToEnd()
    {
        var options = Topologies.FreshOptions();
        var id = options.Id;
        try
        {
            var up = LabProbe.Fednet("lab", "up", "--id", id, "-f", Path.Combine(Topologies.Examples, "federation-paper.yaml"));
            Assert.True(up.Succeeded, up.StandardError + up.StandardOutput);
            Assert.Contains("open vswitch up on kuas-gw", up.StandardOutput, StringComparison.Ordinal);

            var status = LabProbe.Fednet("lab", "status", "--id", id);
            Assert.True(status.Succeeded, status.StandardError);
            Assert.Contains("kuas-rack1", status.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("kuas-ntust", status.StandardOutput, StringComparison.Ordinal);

            var add = LabProbe.Fednet("lab", "vm", "add", "web", "--id", id, "--host", "ncku-h1", "--mac", "02:fe:00:12:34:56",
                "--ip", "10.9.0.5/24");
            Assert.True(add.Succeeded, add.StandardError);
            Assert.Contains("vf123456", add.StandardOutput, StringComparison.Ordinal);

            var exec = LabProbe.Fednet("lab", "exec", "--id", id, "web", "--", "ip", "-o", "addr", "show", "eth0");
            Assert.Equal(0, exec.ExitCode);
            Assert.Contains("10.9.0.5/24", exec.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(3, LabProbe.Fednet("lab", "exec", "--id", id, "web", "--", "sh", "-c", "exit 3").ExitCode);

            Assert.True(LabProbe.Fednet("lab", "vm", "del", "web", "--id", id).Succeeded);
            var down = LabProbe.Fednet("lab", "down", "--id", id);
            Assert.True(down.Succeeded, down.StandardError);
            Assert.Empty(await LabProbe.TracesAsync(options));
        }
        finally
        {
            await new FederationLab(options).DownAsync(cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public void Cli_BadInput_ExitCodesAndMessages()
    {
        var id = Topologies.FreshOptions().Id;
        var missing = LabProbe.Fednet("lab", "up", "--id", id, "-f", "/nonexistent/federation.yaml");
        Assert.Equal(66, missing.ExitCode);
        Assert.Contains("no such file", missing.StandardError, StringComparison.Ordinal);

        var notUp = LabProbe.Fednet("lab", "status", "--id", id);
        Assert.Equal(69, notUp.ExitCode);
        Assert.Contains("is not up", notUp.StandardError, StringComparison.Ordinal);

        var badId = LabProbe.Fednet("lab", "status", "--id", "Bad-Id");
        Assert.Equal(69, badId.ExitCode);
        Assert.Contains("lab id 'Bad-Id'", badId.StandardError, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
                lines.Add(value);
        }
    }
}
