using System.Net;

namespace FedNet.Model.Tests;

public sealed class DescriptionReaderTests
{
    [Fact]
    public void ReadFederation_PaperExample_HasThreeSitesAndTwoTransits()
    {
        var result = DescriptionReader.ReadFederation(RepoPaths.Example("federation-paper.yaml"));

        Assert.Empty(result.Errors);
        var federation = result.Value!;
        Assert.Equal("paper", federation.Name);
        Assert.Equal(new MacPrefix(0x02fe00, 3), federation.MacPrefix);
        Assert.Equal(new NumberRange(1000, 9999), federation.TunnelKeyRange);
        Assert.Equal(["kuas", "ncku", "ntust"], federation.Sites.Select(s => s.Name));
        var kuas = federation.Sites[0];
        Assert.Equal(new NumberRange(100, 199), kuas.PrivateVlans);
        Assert.Equal(["kuas-rack1", "kuas-rack2"], kuas.Hosts.Select(h => h.Name));
        Assert.Equal(IPAddress.Parse("10.1.0.12"), kuas.Hosts[1].Underlay);
        Assert.Equal("kuas", kuas.Hosts[1].Site);
        Assert.Equal(HostDriver.Ovs, kuas.Hosts[1].Driver);
        Assert.Equal(new Gateway("kuas-gw", "kuas", "kuas-lan", IPAddress.Parse("172.16.0.1"), kuas.Gateway.Location), kuas.Gateway);
        var vpls = federation.Transits[0];
        Assert.Equal(TransitKind.Vpls, vpls.Kind);
        Assert.Equal([2782], vpls.PublicVlans);
        Assert.Null(vpls.TunnelProtocol);
        Assert.Equal(TimeSpan.FromMilliseconds(4), vpls.Wan.Delay);
        Assert.Equal(TimeSpan.FromMicroseconds(200), vpls.Wan.Jitter);
        Assert.Equal(1_000_000_000L, vpls.Wan.RateBitsPerSecond);
        var gre = federation.Transits[1];
        Assert.Equal(TransitKind.Tunnel, gre.Kind);
        Assert.Equal(TunnelProtocol.Gre, gre.TunnelProtocol);
        Assert.Equal(["kuas", "ntust"], gre.Sites);
    }

    [Fact]
    public void ReadFederation_SameTextTwice_RecordsAreEqual()
    {
        var text = File.ReadAllText(RepoPaths.Example("federation-paper.yaml"));

        var first = DescriptionReader.ReadFederation(text, "a.yaml").Value;
        var second = DescriptionReader.ReadFederation(text, "a.yaml").Value;

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first!.GetHashCode(), second!.GetHashCode());
    }

    [Fact]
    public void ReadFederation_Locations_PointAtEachElement()
    {
        var federation = DescriptionReader.ReadFederation(RepoPaths.Example("federation-paper.yaml")).Value!;

        Assert.Equal(9, federation.Sites[0].Location.Line);
        Assert.Equal(5, federation.Sites[0].Location.Column);
        Assert.Equal(13, federation.Sites[0].Hosts[0].Location.Line);
        Assert.Equal(9, federation.Sites[0].Hosts[0].Location.Column);
        Assert.EndsWith("federation-paper.yaml", federation.Sites[0].Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadService_ContractExample_ReadsEveryField()
    {
        const string text = """
            tenant: school
            service: elearning
            networks:
              - { name: front, cidr: 10.0.1.0/24 }
              - { name: back,  cidr: 10.0.2.0/24, arp: controller }
            vms:
              - name: portal
                placement: { site: kuas }
                interfaces:
                  - { network: front }
                  - { network: back, ip: 10.0.2.10, mac: "02:fe:00:00:00:99" }
            policies:
              - { name: back-wan, network: back, transit: kuas-ncku, rate: 100mbit }
              - { name: portal-db, between: [portal, school-db], rate: 50mbit, guaranteed: 20mbit }
            """;

        var result = DescriptionReader.ReadService(text, "s.yaml");

        Assert.Empty(result.Errors);
        var service = result.Value!;
        Assert.Equal(("school", "elearning"), (service.Tenant, service.Name));
        Assert.Equal(ArpMode.Switch, service.Networks[0].Arp);
        Assert.Equal(ArpMode.Controller, service.Networks[1].Arp);
        Assert.Equal("10.0.2.0/24", service.Networks[1].Cidr.ToString());
        var portal = service.Vms[0];
        Assert.Equal("kuas", portal.Site);
        Assert.Null(portal.Host);
        Assert.Null(portal.Interfaces[0].Ip);
        Assert.Equal(IPAddress.Parse("10.0.2.10"), portal.Interfaces[1].Ip);
        Assert.Equal("02:fe:00:00:00:99", portal.Interfaces[1].Mac.ToString());
        Assert.Equal(100_000_000L, service.Policies[0].Rate);
        Assert.Equal(["portal", "school-db"], service.Policies[1].Between!);
        Assert.Equal(20_000_000L, service.Policies[1].Guaranteed);
        Assert.Equal(new SourceLocation("s.yaml", 11, 9), portal.Interfaces[1].Location);
    }

    [Fact]
    public void ReadServices_MultiDocument_ReadsEachDocument()
    {
        const string text = """
            tenant: a
            service: s
            networks: [{ name: n, cidr: 10.0.0.0/24 }]
            ---
            tenant: b
            service: s
            networks: [{ name: n, cidr: 10.0.0.0/24 }]
            """;

        var result = DescriptionReader.ReadServices(text, "m.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(["a", "b"], result.Value!.Select(s => s.Tenant));
        Assert.Equal(5, result.Value![1].Location.Line);
    }

    [Fact]
    public void Read_FederationOrService_DetectedByTopLevelKeys()
    {
        var federation = DescriptionReader.Read(RepoPaths.Example("federation-paper.yaml"));
        var service = DescriptionReader.Read("tenant: t\nservice: s\nnetworks: []\n", "s.yaml");

        Assert.NotNull(federation.Value!.Federation);
        Assert.Empty(federation.Value.Services);
        Assert.Null(service.Value!.Federation);
        Assert.Single(service.Value.Services);
    }

    [Fact]
    public void ReadFederation_ErrorsInSeveralPlaces_ReportsAllAndNoValue()
    {
        const string text = """
            federation: f
            macPrefix: "zz:fe"
            sites:
              - name: a
                privateVlans: 100-199
                segments: [lan]
                gateway: { name: gw, segment: lan, underlay: 1.2.3 }
              - name: b
                privateVlan: 200-299
                segments: [lan]
                gateway: { name: gw2, segment: lan, underlay: 1.2.3.4 }
            """;

        var result = DescriptionReader.ReadFederation(text, "f.yaml");

        Assert.Null(result.Value);
        Assert.Collection(result.Errors,
            e => Assert.Equal(("f.yaml:2:12", true), (e.Location.ToString(), e.Message.Contains("not a MAC prefix", StringComparison.Ordinal))),
            e => Assert.Equal(("f.yaml:7:50", true), (e.Location.ToString(), e.Message.Contains("'1.2.3' is not an IPv4", StringComparison.Ordinal))),
            e => Assert.Equal(("f.yaml:8:5", true), (e.Location.ToString(), e.Message.Contains("missing the required key 'privateVlans'", StringComparison.Ordinal))),
            e => Assert.Equal(("f.yaml:9:5", true), (e.Location.ToString(), e.Message.Contains("did you mean 'privateVlans'", StringComparison.Ordinal))));
    }

    [Fact]
    public void ReadFederation_SyntaxError_ReportsLineAndColumn()
    {
        var result = DescriptionReader.ReadFederation("federation: f\nsites: [a, b\nmacPrefix: 02\n", "x.yaml");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal("x.yaml", error.Location.File);
        Assert.True(error.Location.Line >= 2);
    }

    [Fact]
    public void ReadFederation_MissingFile_ReportsCannotRead()
    {
        var result = DescriptionReader.ReadFederation("/nonexistent/fed.yaml");

        Assert.Contains("cannot read the file", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DeeplyNested_RefusedWithoutRecursingIntoIt()
    {
        var text = "tenant: t\nservice: s\nnetworks: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var result = DescriptionReader.ReadServices(text, "deep.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation("deep.yaml", 3, 11 + DescriptionReader.MaxDepth - 1), error.Location);
        Assert.Equal($"the YAML is nested more than {DescriptionReader.MaxDepth} levels deep", error.Message);
    }
}
