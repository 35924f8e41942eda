using System.Text.Json;
using FedNet.Cli.Commands;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary><c>fednet plan</c> end to end on the repository's examples.</summary>
public sealed class PlanCommandTests
{
    private static (int Code, string Out, string Err) Run(string federation, string format, params string[] services)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = PlanCommand.Run(federation, services, format, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Plan_PaperExamplesAsTable_AllocationsLinksAndSwitchCounts()
    {
        var (code, output, error) = Run(Example("federation-paper.yaml"), "table", Example("elearning.yaml"), Example("two-tenants-same-subnet.yaml"));
        Assert.Equal(0, code);
        Assert.Matches(@"alpha/shop/web\s+alpha/shop/net\s+kuas\s+kuas-rack1\s+02:fe:00:[0-9a-f:]+\s+10\.0\.1\.10\s+kuas=\d+ ncku=\d+", output);
        Assert.Matches(@"school/elearning/back\s+app-server#0\s+school-db#0\s+MultiHop\s+kuas-ntust > kuas-ncku", output);
        Assert.Matches(@"kuas-gw/br-gw\s+Gateway\s+\d+\s+3\s+\d", output);
        Assert.Contains("not enforceable on netdev", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Json_FullDesiredStateWithOwnedFlowsAndRows()
    {
        var (code, output, _) = Run(Example("federation-paper.yaml"), "json", Example("two-tenants-same-subnet.yaml"));
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var gw = json.RootElement.GetProperty("switches").GetProperty("kuas-gw/br-gw");
        Assert.Equal("secure", gw.GetProperty("bridgeRow").GetProperty("fail_mode").GetString());
        var flows = gw.GetProperty("flows").EnumerateArray().ToList();
        Assert.Contains(flows, f => f.GetProperty("match").TryGetProperty("vlan_vid", out var v) && v.GetString() == "6878");
        Assert.All(flows, f => Assert.StartsWith("0xfe", f.GetProperty("cookie").GetString(), StringComparison.Ordinal));
        Assert.All(gw.GetProperty("ports").EnumerateArray(),
            p => Assert.Equal("fednet", p.GetProperty("external_ids").GetProperty("fednet-owner").GetString()));
        Assert.Equal(2, json.RootElement.GetProperty("allocations").GetProperty("publicVlans").EnumerateObject().Count());
    }

    [Fact]
    public void Plan_InvalidService_ErrorsWithFileLineColumnAndExit65()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fednet-plan-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.0.0.0/24 }]
            vms:
              - { name: v, placement: { host: nowhere }, interfaces: [{ network: n }] }
            """);
        try
        {
            var (code, output, error) = Run(Example("federation-paper.yaml"), "table", path);
            Assert.Equal(65, code);
            Assert.Empty(output);
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:5:\d+: .*nowhere", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Plan_MissingFile_Exit66()
    {
        var (code, _, error) = Run(Example("federation-paper.yaml"), "table", "/nonexistent/service.yaml");
        Assert.Equal(66, code);
        Assert.Contains("/nonexistent/service.yaml: no such file", error, StringComparison.Ordinal);
    }
}
