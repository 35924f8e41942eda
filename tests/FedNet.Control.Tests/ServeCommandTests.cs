using FedNet.Cli;
using FedNet.Cli.Commands;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary><c>fednet serve</c>'s input errors and exit codes (no lab needed).</summary>
public sealed class ServeCommandTests
{
    private static async Task<(int Code, string Out, string Err)> ServeAsync(string federation, string[] files, string lab = "nolab")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = new ServeCommand.ServeSettings(federation, files, lab, "/run/fednet-lab", TimeSpan.FromSeconds(1), null, false);
        var code = await ServeCommand.RunAsync(settings, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Serve_MissingFile_Exits66NamingIt()
    {
        var (code, _, err) = await ServeAsync(Examples.Paper, ["/nonexistent/service.yaml"]);

        Assert.Equal(ExitCodes.NoInput, code);
        Assert.Contains("/nonexistent/service.yaml: no such file", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_InvalidService_Exits65WithFileLineColumn()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fednet-serve-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "tenant: x\nservice: y\nnetworks:\n  - { name: a, cidr: 10.0.0.0/33 }\n", TestContext.Current.CancellationToken);
        try
        {
            var (code, _, err) = await ServeAsync(Examples.Paper, [path]);

            Assert.Equal(ExitCodes.DataError, code);
            Assert.Contains($"{path}:4:", err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Serve_LabNotUp_Exits69SayingSo()
    {
        var (code, _, err) = await ServeAsync(Examples.Paper, [Examples.Path("elearning.yaml")], lab: "zz9none");

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Contains("not up", err, StringComparison.Ordinal);
    }
}
