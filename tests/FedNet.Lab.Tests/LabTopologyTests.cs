using FedNet.Model;
using Xunit;

namespace FedNet.Lab.Tests;

public sealed class LabTopologyTests
{
    [Fact]
    public void FromFederation_Paper_SitesNodesAndTransitsInOrder()
    {
        var t = Topologies.Paper();

        Assert.Equal("paper", t.Name);
        Assert.Equal(["kuas", "ncku", "ntust"], t.Sites.Select(s => s.Name));
        Assert.Equal(["kuas-rack1", "kuas-rack2", "kuas-gw", "ncku-h1", "ncku-gw", "ntust-h1", "ntust-gw"], t.Nodes.Select(n => n.Name));
        Assert.Equal("172.16.0.3", t.GatewayOf("ntust").Underlay);
        Assert.Equal(LabTransitKind.Vpls, t.Transits[0].Kind);
        Assert.Equal([2782], t.Transits[0].PublicVlans);
        Assert.Equal(new LabWan(TimeSpan.FromMilliseconds(4), TimeSpan.FromMicroseconds(200), 0, 1_000_000_000), t.Transits[0].Wan);
        Assert.Equal(LabTransitKind.Tunnel, t.Transits[1].Kind);
        Assert.True(t.HasTunnel("kuas"));
        Assert.False(t.HasTunnel("ncku"));
        Assert.Empty(t.Problems());
    }

    [Fact]
    public void FromFederation_SameDescriptionTwice_EqualByValue()
    {
        Assert.Equal(Topologies.Paper(), Topologies.Paper());
        Assert.Equal(Topologies.FourSites(), Topologies.FourSites());
        Assert.Equal(Topologies.FourSitesExample(), Topologies.FourSitesExample());
        Assert.NotEqual(Topologies.Paper(), Topologies.FourSites());
    }

    [Fact]
    public void FromFederation_FourSitesExample_VplsIndexesFollowTheTransitsList()
    {
        var t = Topologies.FourSitesExample();

        Assert.Equal(4, t.Sites.Count);
        Assert.Equal([(0, "north-vpls"), (1, "south-vpls")], t.TransitsOf(LabTransitKind.Vpls).Select(x => (x.Index, x.Transit.Name)));
        Assert.Equal([(2, "north-south")], t.TransitsOf(LabTransitKind.Tunnel).Select(x => (x.Index, x.Transit.Name)));
        Assert.Equal(new LabWan(TimeSpan.FromMilliseconds(10), TimeSpan.FromMicroseconds(500), 0, 500_000_000), t.Transits[2].Wan);
        Assert.Empty(t.Problems());
    }

    [Fact]
    public void Load_MalformedFederation_ThrowsDescriptionErrorWithLocation()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fednet-lab-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "federation: x\nsites:\n  - name: [oops\n");
        try
        {
            var e = Assert.Throws<DescriptionException>(() => LabTopology.Load(path));
            Assert.NotEmpty(e.Errors);
            Assert.Contains(Path.GetFileName(path), e.Errors[0].ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Problems_BrokenTopology_ListsEveryProblemAtOnce()
    {
        var gw = new LabNode("gw", LabNodeKind.Gateway, "s1", "lan", "not-an-ip");
        var t = new LabTopology("bad",
            new[] { new LabSite("s1", new[] { "lan" }, new[] { new LabNode("gw", LabNodeKind.Host, "s1", "nolan", null) }, gw) },
            new[]
            {
                new LabTransit("v", LabTransitKind.Vpls, "s1", "nowhere", new[] { 5000 }, LabWan.Default),
                new LabTransit("t", LabTransitKind.Tunnel, "s1", "s1", EquatableArray<int>.Empty,
                    new LabWan(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), 120, 0)),
            });

        var problems = t.Problems();

        Assert.Contains(problems, p => p.Contains("'gw' is used twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("segment 'nolan'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'not-an-ip' is not an IPv4", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("no site named 'nowhere'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("public VLAN 5000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("to itself", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("jitter", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("loss 120%", StringComparison.Ordinal));
        var e = Assert.Throws<LabException>(t.Validate);
        Assert.Contains("public VLAN 5000", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lab", true)]
    [InlineData("a1b2c3d4", true)]
    [InlineData("", false)]
    [InlineData("Lab", false)]
    [InlineData("toolongid", false)]
    [InlineData("a-b", false)]
    public void LabOptions_Id_ValidatedAsShortLowercase(string id, bool valid)
    {
        var options = new LabOptions { Id = id };
        if (valid)
            options.Validate();
        else
            Assert.Throws<LabException>(options.Validate);
    }

    [Fact]
    public void LabOptions_Default_DirectoryUnderRunFednetLab()
    {
        var options = new LabOptions();
        Assert.Equal("/run/fednet-lab/lab", options.Directory);
        Assert.Equal("/run/fednet-lab/lab/state.json", options.StatePath);
    }

    [Theory]
    [InlineData("02:fe:00:0a:0b:0c", "vf0a0b0c")]
    [InlineData("02:FE:00:AA:BB:CC", "vfaabbcc")]
    public void VifName_Mac_VfPlusLastThreeBytes(string mac, string expected) =>
        Assert.Equal(expected, Internal.LabNames.VifName(mac));

    [Theory]
    [InlineData("02:fe:00:0a:0b")]
    [InlineData("zz:fe:00:0a:0b:0c")]
    public void VifName_NotAMac_Throws(string mac) => Assert.Throws<LabException>(() => Internal.LabNames.VifName(mac));

    [Theory]
    [InlineData(new[] { "172.16.0.1", "172.16.0.2", "172.16.0.3" }, 29)]
    [InlineData(new[] { "172.16.0.1", "172.16.0.2" }, 30)]
    [InlineData(new[] { "192.0.2.1", "192.0.2.4" }, 29)]
    [InlineData(new[] { "10.0.0.1", "10.0.1.1" }, 23)]
    public void CommonPrefixLength_Underlays_CoversAllWithoutNetworkOrBroadcast(string[] addresses, int expected) =>
        Assert.Equal(expected, FederationLab.CommonPrefixLength(addresses));
}
