using FedNet.Cli;
using FedNet.Cli.Commands;

namespace FedNet.Model.Tests;

public sealed class ValidateCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] paths)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ValidateCommand.Run(paths, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Run_ValidFederationAndServices_ExitsZeroWithOneSummaryLinePerFile()
    {
        var federation = RepoPaths.Example("federation-paper.yaml");
        var elearning = RepoPaths.Example("elearning.yaml");
        var tenants = RepoPaths.Example("two-tenants-same-subnet.yaml");

        var (code, output, _) = Run(federation, elearning, tenants);

        Assert.Equal(ExitCodes.Ok, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                $"{federation}: ok: federation 'paper': 3 sites, 4 hosts, 3 gateways, 2 transits",
                $"{elearning}: ok: 1 service (school/elearning): 3 networks, 5 VMs, 8 interfaces, 3 policies",
                $"{tenants}: ok: 2 services (alpha/shop, beta/shop): 2 networks, 4 VMs, 4 interfaces, 0 policies",
            ],
            lines);
    }

    [Fact]
    public void Run_BadService_Exits65AndPrintsFileLineColumnMessage()
    {
        var bad = Path.Combine(RepoPaths.BadCorpus, "svc-ip-outside-cidr.yaml");

        var (code, output, _) = Run(RepoPaths.Example("federation-paper.yaml"), bad);

        Assert.Equal(ExitCodes.DataError, code);
        Assert.Equal(
            [$"{bad}:8:78: the address 10.0.3.5 of VM 'a' is outside network 'front' (10.0.1.0/24)", "1 error"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Run_ErrorsInSeveralFiles_ReportsThemAll()
    {
        var badFederation = Path.Combine(RepoPaths.BadCorpus, "fed-bad-driver.yaml");
        var badService = Path.Combine(RepoPaths.BadCorpus, "svc-bad-arp.yaml");

        var (code, output, _) = Run(badFederation, badService);

        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains($"{badFederation}:9:66: 'driver' of a host 'a-h1'", output, StringComparison.Ordinal);
        Assert.Contains($"{badService}:5:40: 'arp' of a network 'a'", output, StringComparison.Ordinal);
        Assert.EndsWith("2 errors\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TwoFederations_IsAnError()
    {
        var (code, output, _) = Run(RepoPaths.Example("federation-paper.yaml"), RepoPaths.Example("federation-four-sites.yaml"));

        Assert.Equal(ExitCodes.DataError, code);
        Assert.Contains("a second federation description", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ServiceWithoutFederation_ChecksShapeAndSaysReferencesWereNotChecked()
    {
        var (code, output, error) = Run(RepoPaths.Example("elearning.yaml"));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("ok: 1 service", output, StringComparison.Ordinal);
        Assert.Contains("no federation file given", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_Exits66()
    {
        var (code, _, error) = Run("/nonexistent/federation.yaml");

        Assert.Equal(ExitCodes.NoInput, code);
        Assert.Contains("/nonexistent/federation.yaml: no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_ValidateSubcommand_IsRegisteredAndParsesRepeatedFiles()
    {
        var bad = Path.Combine(RepoPaths.BadCorpus, "svc-unknown-site.yaml");

        var code = Program.Main(["validate", "-f", RepoPaths.Example("federation-paper.yaml"), bad]);

        Assert.Equal(ExitCodes.DataError, code);
    }
}
