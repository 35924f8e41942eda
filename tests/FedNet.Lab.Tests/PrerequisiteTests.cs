using System.Diagnostics;
using FedNet.Lab.Internal;
using Xunit;

namespace FedNet.Lab.Tests;

/// <summary>
/// A missing program is one message naming its Debian package, and <c>lab up</c> then builds nothing. Nothing is
/// uninstalled: the programs are looked up in a temp directory of symlinks to the real ones, minus ovs-vswitchd.
/// </summary>
public sealed class PrerequisiteTests : IDisposable
{
    /// <summary>Every program the lab checks for except ovs-vswitchd.</summary>
    private static readonly string[] AllButVswitchd =
        ["ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ovsdb-tool", "ip", "ethtool", "sysctl", "setsid"];

    private readonly string _bin = Directory.CreateTempSubdirectory("fednet-prq-bin-").FullName;
    private readonly string _root = Directory.CreateTempSubdirectory("fednet-prq-root-").FullName;

    public void Dispose()
    {
        Directory.Delete(_bin, recursive: true);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void RequireAll_OvsVswitchdNotOnPath_OneMessageNamingItsPackage()
    {
        LinkPrograms(AllButVswitchd);

        var e = Assert.Throws<LabException>(() => Prerequisites.RequireAll(_bin));

        Assert.Equal("missing ovs-vswitchd: apt-get install -y openvswitch-switch", e.Message);
    }

    [Fact]
    public void RequireAll_NothingOnPath_OneMessageNamingEachPackageOnce()
    {
        var e = Assert.Throws<LabException>(() => Prerequisites.RequireAll(_bin));

        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith("missing ovsdb-server, ovs-vswitchd, ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(": apt-get install -y ethtool iproute2 openvswitch-common openvswitch-switch procps util-linux", e.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void RequireAll_EverythingOnPath_Passes()
    {
        LinkPrograms([.. AllButVswitchd, "ovs-vswitchd"]);

        Prerequisites.RequireAll(_bin);
    }

    [Fact]
    public async Task LabUp_OvsVswitchdNotOnPath_Exits69WithOneLineAndBuildsNothing()
    {
        LinkPrograms(AllButVswitchd);
        var options = Topologies.FreshOptions() with { Root = _root };
        try
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Environment["PATH"] = _bin;
            foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "fednet.dll"), "lab", "up", "--id", options.Id,
                "--root", _root, "-f", Path.Combine(Topologies.Examples, "federation-paper.yaml")])
                psi.ArgumentList.Add(a);
            using var up = Process.Start(psi)!;
            var stdout = up.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = up.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await up.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.Equal("fednet lab: missing ovs-vswitchd: apt-get install -y openvswitch-switch", (await stderr).Trim());
            Assert.Equal(69, up.ExitCode);
            Assert.Equal("", await stdout);
            Assert.Empty(await LabProbe.TracesAsync(options));
            Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
        }
        finally
        {
            await new FederationLab(options).DownAsync(cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>Symlinks each program, found on this process's PATH, into the test's bin directory.</summary>
    private void LinkPrograms(IEnumerable<string> programs)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var program in programs)
        {
            var real = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
            Assert.True(real is not null, $"{program} is not on PATH: {Prerequisites.HintFor(program)}");
            File.CreateSymbolicLink(Path.Combine(_bin, program), real);
        }
    }
}
