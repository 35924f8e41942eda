namespace FedNet.Model.Tests;

/// <summary>Rules checked on descriptions written inline: what must pass as well as what must fail.</summary>
public sealed class ValidatorTests
{
    private static readonly Federation Paper = DescriptionReader.ReadFederation(RepoPaths.Example("federation-paper.yaml")).GetValueOrThrow();

    private static ValidationResult Validate(string services)
    {
        var read = DescriptionReader.ReadServices(services, "s.yaml");
        Assert.Empty(read.Errors);
        return Validator.Validate(Paper, read.Value!);
    }

    [Fact]
    public void Validate_SameSubnetInTwoTenants_IsAllowed()
    {
        var result = Validate("""
            tenant: a
            service: s
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms: [{ name: v, placement: { site: kuas }, interfaces: [{ network: n, ip: 10.0.1.5 }] }]
            ---
            tenant: b
            service: s
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms: [{ name: v, placement: { site: kuas }, interfaces: [{ network: n, ip: 10.0.1.5 }] }]
            """);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Validate_MultiHopNckuToNtustThroughKuas_IsReachable()
    {
        var result = Validate("""
            tenant: a
            service: s
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms:
              - { name: x, placement: { site: ncku }, interfaces: [{ network: n }] }
              - { name: y, placement: { site: ntust }, interfaces: [{ network: n }] }
            policies:
              - { name: over-vpls, network: n, transit: kuas-ncku, vlan: 2782, rate: 10mbit }
              - { name: over-gre, network: n, transit: kuas-ntust, guaranteed: 5mbit }
            """);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Validate_NetworkPolicyWithoutTransit_IsAWholeNetworkPolicy()
    {
        var result = Validate("""
            tenant: a
            service: s
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms:
              - { name: x, placement: { site: kuas }, interfaces: [{ network: n }] }
              - { name: y, placement: { site: ntust }, interfaces: [{ network: n }] }
            policies:
              - { name: whole, network: n, rate: 20mbit }
            """);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Validate_SameFixedIpInTwoNetworksOfOneService_IsAllowed()
    {
        var result = Validate("""
            tenant: a
            service: s
            networks: [{ name: n1, cidr: 10.0.1.0/24 }, { name: n2, cidr: 10.0.2.0/24 }]
            vms:
              - { name: x, placement: { site: kuas }, interfaces: [{ network: n1, ip: 10.0.1.7 }, { network: n2, ip: 10.0.2.7 }] }
            """);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Validate_MacTakenInAnotherService_ReportsBothLocations()
    {
        var result = Validate("""
            tenant: a
            service: s
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms: [{ name: v, placement: { site: kuas }, interfaces: [{ network: n, mac: "02:fe:00:00:00:07" }] }]
            ---
            tenant: b
            service: s
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms: [{ name: w, placement: { site: ncku }, interfaces: [{ network: n, mac: "02:fe:00:00:00:07" }] }]
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation("s.yaml", 9, 77), error.Location);
        Assert.Contains("already taken by VM 'v' of service 'a/s' (at s.yaml:4:77)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ManyErrors_AllReportedSorted()
    {
        var result = Validate("""
            tenant: a
            service: s
            networks: [{ name: n, cidr: 10.0.1.0/24 }]
            vms:
              - { name: x, placement: { site: nowhere }, interfaces: [{ network: n, ip: 10.9.9.9 }] }
              - { name: y, placement: { host: nohost }, interfaces: [{ network: m }] }
            policies:
              - { name: p, between: [x, z], rate: 1mbit }
            """);

        Assert.Equal(5, result.Errors.Count);
        Assert.Equal(result.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column), result.Errors);
        Assert.Throws<DescriptionException>(result.ThrowIfInvalid);
    }

    [Fact]
    public void Validate_TenThousandNetworksOfOneTenant_OverlapCheckFindsExactlyTheNestedOnes()
    {
        var networks = Enumerable.Range(0, 10_000)
            .Select(i => new Network($"n{i}", new Ipv4Cidr((uint)((10 << 24) | (i << 8)), 24), ArpMode.Switch))
            .Append(new Network("wide", new Ipv4Cidr((10u << 24) | (5u << 16), 16), ArpMode.Switch))
            .ToList();
        var service = new Service("t", "s", ValueList.From(networks), [], []);

        var result = Validator.Validate(Paper, [service]);

        // 10.5.0.0/16 holds the 256 /24s numbered 1280-1535; nothing else overlaps.
        Assert.Equal(256, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("overlaps network 'wide' (10.5.0.0/16)", e.Message, StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.StartsWith("network 'n1280' ", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.StartsWith("network 'n1535' ", StringComparison.Ordinal));
    }
}
