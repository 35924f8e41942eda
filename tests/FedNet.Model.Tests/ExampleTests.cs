namespace FedNet.Model.Tests;

public sealed class ExampleTests
{
    public static TheoryData<string, string[]> ExampleSets => new()
    {
        { "federation-paper.yaml", [] },
        { "federation-paper.yaml", ["elearning.yaml"] },
        { "federation-paper.yaml", ["two-tenants-same-subnet.yaml"] },
        { "federation-paper.yaml", ["latency-32-networks.yaml"] },
        { "federation-paper.yaml", ["elearning.yaml", "two-tenants-same-subnet.yaml", "latency-32-networks.yaml"] },
        { "federation-four-sites.yaml", ["four-sites-service.yaml"] },
        { "federation-paper.yaml", ["policy-vpls.yaml"] },
        { "federation-paper-vswitches.yaml", ["elearning.yaml", "two-tenants-same-subnet.yaml"] },
        { "federation-paper-vswitches-mixed.yaml", ["elearning.yaml", "two-tenants-same-subnet.yaml"] },
        { "federation-paper.yaml", ["elearning.yaml", "elearning-original.yaml"] },
    };

    [Theory]
    [MemberData(nameof(ExampleSets))]
    public void Load_Example_IsValid(string federation, string[] services)
    {
        var result = DescriptionSet.Load(RepoPaths.Example(federation), services.Select(RepoPaths.Example));

        Assert.Empty(result.Errors.Select(e => e.ToString()));
        Assert.NotNull(result.Value);
    }

    [Fact]
    public void EveryExampleFile_IsCoveredByATheoryRow()
    {
        var covered = ExampleSets.SelectMany(row => row.Data.Item2.Append(row.Data.Item1)).ToHashSet();

        var files = Directory.GetFiles(RepoPaths.Examples, "*.yaml").Select(f => Path.GetFileName(f));

        Assert.All(files, f => Assert.Contains(f, covered));
    }

    [Fact]
    public void Elearning_HasFigure1Components_SpreadOverThreeSites()
    {
        var set = DescriptionSet.Load(RepoPaths.Example("federation-paper.yaml"), [RepoPaths.Example("elearning.yaml")]).GetValueOrThrow();
        var service = Assert.Single(set.Services);
        var hosts = set.Federation.Sites.SelectMany(s => s.Hosts).ToDictionary(h => h.Name, h => h.Site);

        var sites = service.Vms.Select(vm => vm.Site ?? hosts[vm.Host!]).Distinct().Order();

        Assert.Equal(["app-server", "auth", "backend-db", "portal", "school-db"], service.Vms.Select(v => v.Name).Order());
        Assert.Equal(["kuas", "ncku", "ntust"], sites);
    }

    [Fact]
    public void TwoTenants_SameSubnetAndSameFixedIps_InTheSameSites()
    {
        var services = DescriptionReader.ReadServices(RepoPaths.Example("two-tenants-same-subnet.yaml")).GetValueOrThrow();

        Assert.Equal(2, services.Count);
        Assert.NotEqual(services[0].Tenant, services[1].Tenant);
        Assert.Equal(services[0].Networks.Select(n => n.Cidr), services[1].Networks.Select(n => n.Cidr));
        Assert.Equal(services[0].Vms.Select(v => (v.Host, v.Interfaces[0].Ip)), services[1].Vms.Select(v => (v.Host, v.Interfaces[0].Ip)));
    }

    [Fact]
    public void Latency_ThirtyTwoNetworks_OnePairEachAcrossKuasAndNtust()
    {
        var service = DescriptionReader.ReadService(RepoPaths.Example("latency-32-networks.yaml")).GetValueOrThrow();

        Assert.Equal(32, service.Networks.Count);
        Assert.All(service.Networks, n =>
        {
            var vms = service.Vms.Where(v => v.Interfaces.Any(i => i.Network == n.Name)).ToList();
            Assert.Equal(["kuas-rack1", "ntust-h1"], vms.Select(v => v.Host!).Order());
        });
    }

    [Fact]
    public void FourSites_TwoVplsIslandsJoinedByVxlan()
    {
        var federation = DescriptionReader.ReadFederation(RepoPaths.Example("federation-four-sites.yaml")).GetValueOrThrow();

        Assert.Equal(4, federation.Sites.Count);
        Assert.Equal(2, federation.Transits.Count(t => t.Kind == TransitKind.Vpls));
        var tunnel = Assert.Single(federation.Transits, t => t.Kind == TransitKind.Tunnel);
        Assert.Equal(TunnelProtocol.Vxlan, tunnel.TunnelProtocol);
        var vplsSites = federation.Transits.Where(t => t.Kind == TransitKind.Vpls).SelectMany(t => t.Sites).ToList();
        Assert.Equal(4, vplsSites.Distinct().Count());
    }
}
