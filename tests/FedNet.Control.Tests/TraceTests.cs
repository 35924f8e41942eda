using FedNet.Cli.Commands;
using FedNet.Control.Tracing;
using FedNet.Control.Tracing.Internal;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary><c>fednet trace</c> on the paper lab with elearning and the two tenants applied: LAN, VPLS, GRE, two hops, isolation.</summary>
public sealed class TraceTests(PaperDeploymentFixture fixture) : IClassFixture<PaperDeploymentFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private PathTracer Tracer => new(fixture.Plan, fixture.State);

    private static void Log(TraceResult result) => TestContext.Current.TestOutputHelper?.WriteLine(result.Format());

    [Fact]
    public async Task Trace_SameSegmentDifferentRacks_ReachesThroughTheTrunk()
    {
        var result = await Tracer.TraceAsync("school.portal.front", "school.auth.front", cancellationToken: Token);
        Log(result);

        Assert.True(result.Reached, result.Verdict);
        Assert.Equal(["kuas-rack1", "kuas-rack2"], result.Hops.Select(h => h.Node));
        Assert.NotNull(result.Hops[0].Outputs.Single().Vlan);
        Assert.Contains("delivered to school.auth.front", result.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_AcrossVpls_TranslatesPrivateToPublic2782AndBack()
    {
        var result = await Tracer.TraceAsync("alpha.web", "alpha.db", cancellationToken: Token);
        Log(result);

        Assert.True(result.Reached, result.Verdict);
        Assert.Equal(["kuas-rack1", "kuas-gw", "ncku-gw", "ncku-h1"], result.Hops.Select(h => h.Node));
        var egress = result.Hops[1].Outputs.Single();
        Assert.Equal("tr0", egress.PortName);
        Assert.Equal(2782, egress.Vlan);
        Assert.Contains(result.Hops[1].Rules, r => r.Purpose == "GatewayEgress");
        Assert.Contains(result.Hops[2].Rules, r => r.Purpose == "GatewayIngress");
        Assert.NotEqual(2782, result.Hops[2].Outputs.Single().Vlan);
    }

    [Fact]
    public async Task Trace_AcrossGre_UsesTheTunnelWithTheNetworksKey()
    {
        var result = await Tracer.TraceAsync("school.backend-db", "school.app-server.data", cancellationToken: Token);
        Log(result);

        Assert.True(result.Reached, result.Verdict);
        Assert.Equal(["kuas-rack1", "kuas-gw", "ntust-gw", "ntust-h1"], result.Hops.Select(h => h.Node));
        var tunnel = result.Hops[1].Outputs.Single();
        Assert.StartsWith("tn", tunnel.PortName, StringComparison.Ordinal);
        Assert.NotNull(tunnel.TunnelId);
        Assert.Null(tunnel.Vlan);
        Assert.Contains("GRE tunnel kuas-ntust to ntust-gw", tunnel.LeadsTo, StringComparison.Ordinal);
        Assert.Null(result.Hops[2].Outputs.Single().TunnelId);
        Assert.NotNull(result.Hops[2].Outputs.Single().Vlan);
    }

    [Fact]
    public async Task Trace_NckuToNtust_TakesTwoTransitsThroughKuasGateway()
    {
        var result = await Tracer.TraceAsync("school.school-db", "school.app-server.back", cancellationToken: Token);
        Log(result);

        Assert.True(result.Reached, result.Verdict);
        Assert.Equal(["ncku-h1", "ncku-gw", "kuas-gw", "ntust-gw", "ntust-h1"], result.Hops.Select(h => h.Node));
        Assert.Contains(result.Hops[2].Rules, r => r.Purpose == "GatewayTransit");
    }

    [Fact]
    public async Task Trace_OtherTenantsSameIp_DroppedAtTheSendersHostTable2()
    {
        var result = await Tracer.TraceAsync("alpha.web", "beta.db", cancellationToken: Token);
        Log(result);

        Assert.False(result.Reached);
        var drop = Assert.IsType<TraceHop>(result.DroppedAt);
        Assert.Equal("kuas-rack1", drop.Node);
        Assert.Equal(2, drop.Rules[^1].Table);
        Assert.Contains("dropped at kuas-rack1 br-int table 2", result.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_ArpRequest_AnsweredInTheSendersSwitchWithTheRightMac()
    {
        var alpha = await Tracer.TraceAsync("alpha.web", "alpha.db", arp: true, cancellationToken: Token);
        var beta = await Tracer.TraceAsync("beta.web", "beta.db", arp: true, cancellationToken: Token);
        Log(alpha);

        Assert.True(alpha.Reached, alpha.Verdict);
        Assert.Equal("kuas-rack1", Assert.Single(alpha.Hops).Node);
        Assert.Contains(alpha.To.MacText, alpha.Verdict, StringComparison.Ordinal);
        // Same IP, other tenant: answered with beta's own MAC (the responders are scoped by the private VLAN).
        Assert.True(beta.Reached, beta.Verdict);
        Assert.Contains(beta.To.MacText, beta.Verdict, StringComparison.Ordinal);
        Assert.NotEqual(alpha.To.MacText, beta.To.MacText);
    }

    [Fact]
    public async Task Trace_ArpOnControllerNetwork_GoesToTheControllersProxy()
    {
        var result = await Tracer.TraceAsync("school.portal.back", "school.school-db", arp: true, cancellationToken: Token);
        Log(result);

        Assert.True(result.Reached, result.Verdict);
        Assert.Equal("CONTROLLER", result.Hops[^1].Outputs.Single().PortName);
        Assert.Contains("ARP proxy", result.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceCommand_ReachedAndDropped_ExitZeroAndOne()
    {
        string[] files = [Examples.Path("elearning.yaml"), Examples.Path("two-tenants-same-subnet.yaml")];
        var output = new StringWriter();
        var error = new StringWriter();

        var reached = await TraceCommand.RunAsync(Examples.Paper, files, fixture.Options.Id, fixture.Options.Root, "alpha.web", "alpha.db", false,
            output, error, Token);
        var dropped = await TraceCommand.RunAsync(Examples.Paper, files, fixture.Options.Id, fixture.Options.Root, "alpha.web", "beta.db", false,
            output, error, Token);
        var unknown = await TraceCommand.RunAsync(Examples.Paper, files, fixture.Options.Id, fixture.Options.Root, "alpha.nope", "beta.db", false,
            output, error, Token);

        Assert.Equal(0, reached);
        Assert.Equal(1, dropped);
        Assert.Equal(64, unknown);
        Assert.Contains("REACHED: delivered to alpha.db", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("DROPPED: dropped at kuas-rack1", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("'alpha.nope'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OfprotoTrace_TunnelOutputWithUnderlaySection_KeepsOnlyTheTracedBridgesRules()
    {
        const string text = """
            Flow: icmp,in_port=1,dl_vlan=103

            bridge("br-gw")
            ---------------
             0. in_port=1,dl_vlan=103,dl_dst=02:fe:00:00:00:06, priority 100, cookie 0xfe08000004000006
                pop_vlan
                set_field:0x3e9->tun_id
                output:201
                 -> output to native tunnel

            bridge("br-underlay")
            ---------------------
             0. priority 0
                NORMAL

            Final flow: icmp,tun_id=0x3e9,in_port=1,vlan_tci=0x0000
            Megaflow: recirc_id=0,eth,ip,in_port=1
            Datapath actions: pop_vlan,tnl_push(...),2
            """;

        var trace = OfprotoTrace.Parse(text);

        var rule = Assert.Single(trace.Rules);
        Assert.Equal(0, rule.Table);
        Assert.Equal(100, rule.Priority);
        Assert.Equal(0xfe08000004000006ul, rule.Cookie);
        Assert.Equal("GatewayEgress", rule.Purpose);
        Assert.Equal(["pop_vlan", "set_field:0x3e9->tun_id", "output:201", "-> output to native tunnel"], rule.Actions);
        Assert.Equal("pop_vlan,tnl_push(...),2", trace.DatapathActions);
    }
}
