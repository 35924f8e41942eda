using CsCheck;
using FedNet.Model;
using FedNet.Planning.Simulation;
using FedNet.Planning.State;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>
/// The vSwitches approach: one learning bridge per network on a bridge-per-network host, joined to the segment trunk by
/// br-seg, whose flows tag each network's patch with its private VLAN and admit nothing else.
/// </summary>
public sealed class BridgePerNetworkTests
{
    private static readonly string MixedFederation = File.ReadAllText(Example("federation-paper.yaml"))
        .Replace("{ name: kuas-rack2, segment: kuas-lan, underlay: 10.1.0.12, driver: ovs }",
            "{ name: kuas-rack2, segment: kuas-lan, underlay: 10.1.0.12, driver: bridge-per-network }", StringComparison.Ordinal);

    private static readonly NetworkPlan Plan = Planner.Plan(Federation(MixedFederation),
    [
        Service("""
            tenant: t
            service: s
            networks: [{ name: n, cidr: 10.9.0.0/24 }, { name: m, cidr: 10.9.0.0/24 }]
            vms:
              - { name: r1, placement: { host: kuas-rack1 }, interfaces: [{ network: n }] }
              - { name: r2, placement: { host: kuas-rack2 }, interfaces: [{ network: n }, { network: m }] }
              - { name: r2m, placement: { host: kuas-rack2 }, interfaces: [{ network: m }] }
              - { name: nc, placement: { host: ncku-h1 }, interfaces: [{ network: n }] }
            """),
    ]);

    public static TheoryData<string, string> Examples => new()
    {
        { "federation-paper-vswitches.yaml", "elearning.yaml" },
        { "federation-paper-vswitches.yaml", "two-tenants-same-subnet.yaml" },
        { "federation-paper-vswitches.yaml", "latency-32-networks.yaml" },
        { "federation-paper-vswitches-mixed.yaml", "elearning.yaml" },
        { "federation-paper-vswitches-mixed.yaml", "two-tenants-same-subnet.yaml" },
    };

    [Fact]
    public void Host_BridgePerNetwork_OneLearningBridgePerNetworkAndAnUntaggedPatch()
    {
        var vlanN = Plan.PrivateVlans(new NetworkKey("t", "s", "n"))["kuas"];
        var vlanM = Plan.PrivateVlans(new NetworkKey("t", "s", "m"))["kuas"];
        var bridges = Plan.State.Switches.Keys.Where(k => k.Node == "kuas-rack2").Select(k => k.Bridge).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "bn" + vlanN, "bn" + vlanM, "br-seg" }.Order(StringComparer.Ordinal), bridges);
        var bn = Plan.State.Switches[new SwitchId("kuas-rack2", "bn" + vlanN)];
        Assert.Equal(("standalone", SwitchRole.NetworkBridge), (bn.Bridge.FailMode, bn.Role));
        Assert.Equal(0, bn.FlowCount);
        Assert.Contains(bn.Ports.Values, p => p.Name.StartsWith("vf", StringComparison.Ordinal) && p.Tag is null);
        var patch = Plan.State.Switches[new SwitchId("kuas-rack2", "br-seg")].Ports["ps" + vlanN];
        Assert.Equal((InterfaceType.Patch, (int?)null, "pb" + vlanN, (int?)(1000 + vlanN)),
            (patch.Type, patch.Tag, patch.Options["peer"], patch.OfportRequest));
    }

    [Fact]
    public void SegmentBridge_BridgePerNetworkHost_SecureWithOneTagAndOneUntagFlowPerNetworkAndADrop()
    {
        var seg = Plan.State.Switches[new SwitchId("kuas-rack2", "br-seg")];
        var n = new NetworkKey("t", "s", "n");
        var vlanN = Plan.PrivateVlans(n)["kuas"];
        var id = Plan.Allocations.NetworkIds[n];

        Assert.Equal(("secure", SwitchRole.SegmentBridge), (seg.Bridge.FailMode, seg.Role));
        Assert.Equal(new[] { "OpenFlow13" }, seg.Bridge.Protocols.ToArray());
        Assert.Equal(new[] { "ps" + vlanN, "ps" + Plan.PrivateVlans(new NetworkKey("t", "s", "m"))["kuas"], "seg0" }.Order(StringComparer.Ordinal),
            seg.Ports.Keys.Order(StringComparer.Ordinal));
        var flows = seg.Flows[id].Select(f => f.ToString()).ToList();
        var cookie = $"cookie=0x{Cookies.Make(CookieKind.Infrastructure, id, 0):x16}";
        Assert.Equal(
        [
            $"{cookie},table=0,priority=100,in_port={1000 + vlanN},vlan_vid=0,actions=push_vlan:0x8100,set_field:{vlanN | 0x1000}->vlan_vid,output:1",
            $"{cookie},table=0,priority=90,in_port=1,vlan_vid={vlanN | 0x1000},actions=pop_vlan,output:{1000 + vlanN}",
        ], flows);
        var miss = Assert.Single(seg.Flows[0]);
        Assert.Equal((Tables.MissPriority, Match.Any, EquatableArray.Of<FlowAction>(Drop.Instance)), (miss.Priority, miss.Match, miss.Actions));
    }

    [Theory]
    [InlineData("r1", "r2", 0)]
    [InlineData("r2", "r1", 0)]
    [InlineData("nc", "r2", 0)]
    [InlineData("r2", "nc", 0)]
    [InlineData("r2m", "r2", 1)]
    public void Simulator_BridgePerNetworkHost_ReachesPeersOfItsNetwork(string from, string to, int toIndex)
    {
        var sim = new DataplaneSimulator(Plan);
        var a = Vif("t", "s", from);
        var b = Vif("t", "s", to, toIndex);
        var result = sim.Send(a, Frame.Unicast(sim.MacOf(a), sim.MacOf(b)));
        Assert.Contains(result.Delivered, d => d.Vif == b && d.Frame.Vlan is null);
        // A learning bridge may flood unknown unicast, but only inside its own network and never across a transit.
        Assert.All(result.Delivered, d => Assert.Equal(sim.NetworkOf(a), sim.NetworkOf(d.Vif)));
    }

    [Fact]
    public void Simulator_BroadcastFromBridgePerNetworkHost_StaysInTheSiteAndTheNetwork()
    {
        var sim = new DataplaneSimulator(Plan);
        var a = Vif("t", "s", "r2");
        var result = sim.Send(a, Frame.ArpRequest(sim.MacOf(a), sim.IpOf(a), sim.IpOf(Vif("t", "s", "nc"))));
        Assert.Empty(result.TransitCrossings);
        Assert.Contains(result.Delivered, d => d.Vif == Vif("t", "s", "r1"));
        Assert.All(result.Delivered, d => Assert.Equal(sim.NetworkOf(a), sim.NetworkOf(d.Vif)));
        // The kuas gateway's ARP proxy answers for the remote vif.
        Assert.Contains(result.Delivered, d => d.Vif == a && d.Frame.ArpOp == 2 && d.Frame.ArpSha == sim.MacOf(Vif("t", "s", "nc")));
    }

    [Fact]
    public void Simulator_VmSendsFrameTaggedWithAnotherNetworksVlan_NeverLeavesItsOwnBridge()
    {
        var sim = new DataplaneSimulator(Plan);
        var a = Vif("t", "s", "r2");
        var victim = Vif("t", "s", "r2m");
        var vlanM = Plan.PrivateVlans(new NetworkKey("t", "s", "m"))["kuas"];

        // VLAN hopping: a broadcast already tagged with m's private VLAN, asking for m's vif on the same host. Were it
        // admitted to the trunk, the ovs host kuas-rack1 would deliver it to r1.
        var result = sim.Send(a, Frame.ArpRequest(sim.MacOf(a), sim.IpOf(a), sim.IpOf(victim)) with { Vlan = vlanM });

        Assert.Empty(result.TransitCrossings);
        Assert.DoesNotContain(result.Delivered, d => sim.NetworkOf(d.Vif) != sim.NetworkOf(a));
        Assert.DoesNotContain(result.Delivered, d => d.Vif == Vif("t", "s", "r1") || d.Vif == Vif("t", "s", "nc"));
    }

    [Fact]
    public void Simulator_AllVswitchesTwoTenantsSameSubnet_ArpAnsweredByTheGatewayWithTheOwnTenantsMac()
    {
        var set = DescriptionSet.Load(Example("federation-paper-vswitches.yaml"), Example("two-tenants-same-subnet.yaml")).GetValueOrThrow();
        var plan = Planner.Plan(set.Federation, set.Services);
        var sim = new DataplaneSimulator(plan);
        foreach (var tenant in new[] { "alpha", "beta" })
        {
            var web = Vif(tenant, "shop", "web");
            var db = Vif(tenant, "shop", "db");

            var result = sim.Send(web, Frame.ArpRequest(sim.MacOf(web), sim.IpOf(web), sim.IpOf(db)));

            var reply = Assert.Single(result.Delivered, d => d.Frame.ArpOp == 2);
            Assert.Equal((web, sim.MacOf(db), (int?)null), (reply.Vif, reply.Frame.ArpSha, reply.Frame.Vlan));
            Assert.Empty(result.TransitCrossings);
            Assert.All(result.Delivered, d => Assert.Equal(sim.NetworkOf(web), sim.NetworkOf(d.Vif)));
        }
    }

    [Fact]
    public void Simulator_RandomFederationsAllLearningBridges_ConnectedIsolatedArpProxiedTaggedFramesContained()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var (random, services) = RandomDescriptions.Build(seed);
            var federation = random with
            {
                Sites = ValueList.From(random.Sites.Select(site => site with
                {
                    Hosts = ValueList.From(site.Hosts.Select(h => h with { Driver = HostDriver.BridgePerNetwork })),
                })),
            };
            if (!Validator.Validate(federation, services).IsValid)
                return;
            var plan = Planner.Plan(federation, services);
            Assert.DoesNotContain(plan.Diagnostics, d => d.Severity == PlanSeverity.Error);
            var sim = new DataplaneSimulator(plan);
            foreach (var a in sim.Vifs)
            {
                var net = sim.NetworkOf(a);
                var arpMode = services.Single(x => x.Tenant == a.Vm.Tenant).Networks.Single(n => n.Name == net.Network).Arp;
                var site = Site(plan, a);
                foreach (var b in sim.Vifs.Where(b => b != a))
                {
                    var unicast = sim.Send(a, Frame.Unicast(sim.MacOf(a), sim.MacOf(b)));
                    Assert.False(unicast.Loops);
                    Assert.All(unicast.Delivered, d => Assert.Equal((net, (int?)null), (sim.NetworkOf(d.Vif), d.Frame.Vlan)));
                    Assert.Equal(sim.NetworkOf(b) == net, unicast.Delivered.Any(d => d.Vif == b));
                    if (sim.NetworkOf(b) != net)
                        continue;

                    // ARP: a peer in the site hears the request itself; a remote one is answered by the gateway (or its
                    // controller), never by anyone for a vif of the site, so the segment never learns a local MAC elsewhere.
                    var arp = sim.Send(a, Frame.ArpRequest(sim.MacOf(a), sim.IpOf(a), sim.IpOf(b)));
                    Assert.Empty(arp.TransitCrossings);
                    Assert.All(arp.Delivered, d => Assert.Equal(net, sim.NetworkOf(d.Vif)));
                    var replies = arp.Delivered.Where(d => d.Vif == a && d.Frame.ArpOp == 2).ToList();
                    if (Site(plan, b) == site)
                    {
                        Assert.Contains(arp.Delivered, d => d.Vif == b && d.Frame.ArpOp == 1);
                        Assert.Empty(replies);
                    }
                    else if (arpMode == ArpMode.Switch)
                    {
                        Assert.Equal(sim.MacOf(b), Assert.Single(replies).Frame.ArpSha);
                    }
                    else
                    {
                        Assert.NotEmpty(arp.PacketIns);
                    }
                }

                // A frame the VM tags itself (any VLAN) reaches at most its own bridge: never the trunk, a transit or another network.
                var tagged = sim.Send(a, Frame.ArpRequest(sim.MacOf(a), sim.IpOf(a), 0x0A0000FE) with { Vlan = 100 + (seed % 300) });
                Assert.Empty(tagged.TransitCrossings);
                Assert.Empty(tagged.PacketIns);
                Assert.All(tagged.Delivered, d => Assert.Equal((net, plan.Allocations.Hosts[a.Vm]), (sim.NetworkOf(d.Vif), plan.Allocations.Hosts[d.Vif.Vm])));
            }
        }, iter: 60);
    }

    private static string Site(NetworkPlan plan, VifKey vif)
    {
        var host = plan.Allocations.Hosts[vif.Vm];
        return plan.Federation.Sites.Single(s => s.Hosts.Any(h => h.Name == host)).Name;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Plan_VswitchesExample_ValidNoErrorsEveryPairConnectedAndIsolated(string federationFile, string servicesFile)
    {
        var loaded = DescriptionSet.Load(Example(federationFile), Example(servicesFile));
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var set = loaded.GetValueOrThrow();
        var plan = Planner.Plan(set.Federation, set.Services);
        Assert.DoesNotContain(plan.Diagnostics, d => d.Severity == PlanSeverity.Error);
        Assert.Contains(plan.State.Switches.Values, s => s.Role == SwitchRole.NetworkBridge);
        var sim = new DataplaneSimulator(plan);
        var vifs = sim.Vifs.ToList();
        foreach (var a in vifs)
        {
            foreach (var b in vifs.Where(b => b != a))
            {
                var result = sim.Send(a, Frame.Unicast(sim.MacOf(a), sim.MacOf(b)));
                if (sim.NetworkOf(a) == sim.NetworkOf(b))
                    Assert.Contains(result.Delivered, d => d.Vif == b && d.Frame.Vlan is null);
                Assert.All(result.Delivered, d => Assert.Equal(sim.NetworkOf(a), sim.NetworkOf(d.Vif)));
                Assert.False(result.Loops);
                // Only the public VLAN crosses the VPLS, only a tunnel key crosses GRE.
                Assert.All(result.TransitCrossings, c => Assert.True(c.Frame.Vlan == 2782 || c.Frame.TunnelId != 0, c.ToString()));
            }
        }
    }
}
