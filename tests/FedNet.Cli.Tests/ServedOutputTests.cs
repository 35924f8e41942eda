using FedNet.Cli.Commands;
using Xunit;

namespace FedNet.Cli.Tests;

/// <summary>
/// Golden output of <c>fednet plan</c> (remote), <c>get</c> and <c>describe</c> against a real server holding the two
/// tenants of examples/two-tenants-same-subnet.yaml (alpha/shop applied, beta/shop applied).
/// </summary>
public sealed class ServedOutputTests(ServedOutputTests.Fixture fixture) : IClassFixture<ServedOutputTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public ServeFixture Serve { get; } = new();

        public async ValueTask InitializeAsync()
        {
            await Serve.InitializeAsync();
            using var client = Serve.Client(Serve.Operator);
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await ApplyCommand.RunAsync(client, new ApplyCommand.ApplySettings([Path.Combine(Golden.Examples, "two-tenants-same-subnet.yaml")],
                Wait: true), output, error);
            // No lab: the switches are unreachable, so both services end degraded; the listings then never say "applying".
            Assert.True(exit == Client.RemoteCommand.Degraded, $"apply exited {exit}: {output}{error}");
        }

        public ValueTask DisposeAsync() => Serve.DisposeAsync();
    }

    private static string Example(string name) => Path.Combine(Golden.Examples, name);

    private async Task<(int Exit, string Output, string Error)> Run(Func<Client.FedNetApiClient, TextWriter, TextWriter, Task<int>> command,
        string? token = null)
    {
        using var client = fixture.Serve.Client(token ?? fixture.Serve.Operator);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await command(client, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Plan_NewService_TableMatchesGolden()
    {
        var (exit, output, error) = await Run((c, o, e) => RemotePlanCommand.RunAsync(c, [Example("elearning.yaml")], "table", o, e,
            TestContext.Current.CancellationToken));
        Assert.True(exit == 0, error);
        Golden.Assert("plan-elearning.txt", output);
    }

    [Fact]
    public async Task Plan_NewService_JsonMatchesGolden()
    {
        var (exit, output, error) = await Run((c, o, e) => RemotePlanCommand.RunAsync(c, [Example("elearning.yaml")], "json", o, e,
            TestContext.Current.CancellationToken));
        Assert.True(exit == 0, error);
        Golden.Assert("plan-elearning.json", output);
    }

    [Fact]
    public async Task Plan_UnchangedService_SaysNoChanges()
    {
        var (exit, output, error) = await Run((c, o, e) => RemotePlanCommand.RunAsync(c, [Example("two-tenants-same-subnet.yaml")], "table", o, e,
            TestContext.Current.CancellationToken));
        Assert.True(exit == 0, error);
        Golden.Assert("plan-unchanged.txt", output);
    }

    [Theory]
    [InlineData("services", "table")]
    [InlineData("services", "json")]
    [InlineData("networks", "table")]
    [InlineData("networks", "json")]
    [InlineData("vms", "table")]
    [InlineData("vms", "json")]
    [InlineData("vms", "yaml")]
    public async Task Get_Kind_MatchesGolden(string kind, string format)
    {
        var (exit, output, error) = await Run((c, o, e) => GetCommand.RunAsync(c, kind, format, null, o, e, TestContext.Current.CancellationToken));
        Assert.True(exit == 0, error);
        Golden.Assert($"get-{kind}.{(format == "table" ? "txt" : format)}", output);
    }

    [Fact]
    public async Task Get_TenantToken_SeesOnlyItsTenant()
    {
        var (exit, output, error) = await Run((c, o, e) => GetCommand.RunAsync(c, "services", "table", null, o, e, TestContext.Current.CancellationToken),
            fixture.Serve.Alpha);
        Assert.True(exit == 0, error);
        Assert.Contains("alpha", output, StringComparison.Ordinal);
        Assert.DoesNotContain("beta", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeVm_AmbiguousName_Exit64NamesTenants()
    {
        var (exit, _, error) = await Run((c, o, e) => DescribeCommand.RunVmAsync(c, "web", null, "table", o, e, TestContext.Current.CancellationToken));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("alpha, beta", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeVm_WithTenant_MatchesGolden()
    {
        var (exit, output, error) = await Run((c, o, e) => DescribeCommand.RunVmAsync(c, "web", "alpha", "table", o, e, TestContext.Current.CancellationToken));
        Assert.True(exit == 0, error);
        Golden.Assert("describe-vm-web.txt", output);
    }

    [Fact]
    public async Task DescribeVm_Missing_Exit1()
    {
        var (exit, _, error) = await Run((c, o, e) => DescribeCommand.RunVmAsync(c, "nope", null, "table", o, e, TestContext.Current.CancellationToken));
        Assert.Equal(1, exit);
        Assert.Contains("no VM named 'nope'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterApplies_CountSwitchesAppliesAndUnreachableSwitches()
    {
        using var http = new HttpClient { BaseAddress = fixture.Serve.Server.Address };
        var text = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        // Two services over the paper federation: 7 switches planned, none reachable without a lab.
        Assert.Contains("fednet_switches 7\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_switches_connected 0\n", text, StringComparison.Ordinal);
        Assert.Contains("fednet_flows{switch=\"kuas-rack1/br-int\"}", text, StringComparison.Ordinal);
        Assert.Matches(@"fednet_switch_errors_total\{cause=""unreachable""\} [1-9]", text);
        Assert.Matches(@"fednet_apply_duration_seconds_count\{verb=""put"",status=""201""\} [2-9]", text);
    }
}
