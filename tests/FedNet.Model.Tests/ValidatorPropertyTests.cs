using System.Net;
using CsCheck;

namespace FedNet.Model.Tests;

/// <summary>Random services that respect every rule validate cleanly, and one planted fault yields exactly its error.</summary>
public sealed class ValidatorPropertyTests
{
    private static readonly Federation Paper = DescriptionReader.ReadFederation(RepoPaths.Example("federation-paper.yaml")).GetValueOrThrow();

    private static readonly string[] Placements = ["kuas", "ncku", "ntust", "host:kuas-rack1", "host:kuas-rack2", "host:ncku-h1", "host:ntust-h1"];

    /// <summary>
    /// Networks 10.N.0.0/24 (disjoint); VMs placed anywhere in the paper federation (every site reaches every other);
    /// each VM on a non-empty set of networks; some interfaces with a fixed IP (.100 + VM index, unique) or MAC.
    /// </summary>
    private static readonly Gen<Service> ValidService =
        from networkCount in Gen.Int[1, 12]
        from vmCount in Gen.Int[1, 25]
        from vms in Gen.Select(Gen.Int[0, Placements.Length - 1], Gen.Int[1, (1 << 12) - 1], Gen.Bool, Gen.Bool).Array[vmCount]
        select Build(networkCount, vms);

    [Fact]
    public void Validate_ServiceRespectingEveryRule_HasNoErrors()
    {
        ValidService.Sample(service =>
        {
            var result = Validator.Validate(Paper, [service]);
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
        }, iter: 500);
    }

    [Fact]
    public void Validate_OneIpMovedOutsideItsCidr_ExactlyThatError()
    {
        Gen.Select(ValidService, Gen.Int[0, int.MaxValue]).Sample((service, pick) =>
        {
            var vm = service.Vms[pick % service.Vms.Count];
            var vif = vm.Interfaces[0];
            var broken = vm with { Interfaces = [vif with { Ip = IPAddress.Parse("192.168.255.1") }, .. vm.Interfaces.Skip(1)] };
            var mutated = service with { Vms = ValueList.From(service.Vms.Select(v => ReferenceEquals(v, vm) ? broken : v)) };

            var result = Validator.Validate(Paper, [mutated]);

            var error = Assert.Single(result.Errors);
            Assert.Contains($"the address 192.168.255.1 of VM '{vm.Name}' is outside network '{vif.Network}'", error.Message, StringComparison.Ordinal);
        }, iter: 300);
    }

    [Fact]
    public void Validate_SameServiceUnderTwoTenants_StillValid()
    {
        ValidService.Sample(service =>
        {
            var other = service with { Tenant = "other" };
            var renumbered = other with
            {
                // MACs are federation-wide: the copy keeps its addresses and subnets but lets MACs be allocated.
                Vms = ValueList.From(other.Vms.Select(v => v with { Interfaces = ValueList.From(v.Interfaces.Select(i => i with { Mac = null })) })),
            };

            Assert.True(Validator.Validate(Paper, [service, renumbered]).IsValid);
        }, iter: 200);
    }

    private static Service Build(int networkCount, (int Placement, int NetworkMask, bool FixedIp, bool FixedMac)[] vms)
    {
        var networks = Enumerable.Range(0, networkCount)
            .Select(n => new Network($"n{n}", new Ipv4Cidr((10u << 24) | ((uint)n << 16), 24), n % 3 == 0 ? ArpMode.Controller : ArpMode.Switch))
            .ToList();
        var built = new List<Vm>();
        for (var i = 0; i < vms.Length; i++)
        {
            var (placement, mask, fixedIp, fixedMac) = vms[i];
            var chosen = Enumerable.Range(0, networkCount).Where(n => (mask & (1 << n)) != 0).DefaultIfEmpty(i % networkCount);
            var interfaces = chosen.Select(n => new VmInterface(
                $"n{n}",
                fixedIp ? Ipv4Cidr.ToAddress(networks[n].Cidr.Address + 100 + (uint)i) : null,
                fixedMac ? Paper.MacPrefix.AddressAt((ulong)((i << 8) | n)) : null));
            var where = Placements[placement];
            built.Add(where.StartsWith("host:", StringComparison.Ordinal)
                ? new Vm($"vm{i}", null, where[5..], ValueList.From(interfaces))
                : new Vm($"vm{i}", where, null, ValueList.From(interfaces)));
        }
        return new Service("tenant", "svc", ValueList.From(networks), ValueList.From(built), []);
    }
}
