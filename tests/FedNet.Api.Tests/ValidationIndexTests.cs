using System.Globalization;
using System.Text;
using FedNet.Api.Internal;
using FedNet.Model;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>
/// Property: validating one changed service through <see cref="ValidationIndex"/> gives exactly the errors of validating
/// every stored service with it, over random stored sets and changes on a federation with tiny pools (so that the shared
/// limits are reached: private VLANs, tunnel keys, guaranteed rates), clashing fixed MACs, overlapping subnets, unknown
/// hosts and networks.
/// </summary>
public sealed class ValidationIndexTests
{
    private static readonly Federation Tiny = DescriptionReader.ReadFederation(Examples.PaperYaml
        .Replace("privateVlans: 100-199", "privateVlans: 100-104", StringComparison.Ordinal)
        .Replace("privateVlans: 200-299", "privateVlans: 200-202", StringComparison.Ordinal)
        .Replace("privateVlans: 300-399", "privateVlans: 300-302", StringComparison.Ordinal)
        .Replace("tunnelKeys: 1000-9999", "tunnelKeys: 1000-1003", StringComparison.Ordinal), "federation").Value!;

    private static readonly string[] Cidrs = ["10.0.0.0/24", "10.0.1.0/24", "10.0.0.0/16", "10.1.0.0/24", "10.0.0.128/25", "10.2.0.0/24"];

    private static readonly string[] Placements = ["site: kuas", "site: ncku", "site: ntust", "host: kuas-rack2", "host: ncku-h1", "host: nowhere"];

    [Fact]
    public void Validate_RandomStoredSetsAndChanges_EqualsFullValidation()
    {
        var seed = Environment.GetEnvironmentVariable("FEDNET_TEST_SEED") is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture) : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed} (FEDNET_TEST_SEED={seed} replays it)");
        var random = new Random(seed);
        var fallbacksBefore = ValidationIndex.Fallbacks;
        int compared = 0, rejected = 0;
        for (var round = 0; round < 40; round++)
        {
            // A stored set that is valid together, built the way the API builds it: each service accepted by full validation.
            var stored = new List<Service>();
            var index = ValidationIndex.Build(Tiny, []);
            for (var i = 0; i < 30; i++)
            {
                var candidate = RandomService(random);
                var others = stored.Where(s => (s.Tenant, s.Name) != (candidate.Tenant, candidate.Name)).ToList();
                var full = Validator.Validate(Tiny, [.. others, candidate]);
                var incremental = index.Validate(candidate, stored);
                Assert.Equal(Text(full), Text(incremental));
                compared++;
                if (full.Errors.Count > 0)
                {
                    rejected++;
                    continue;
                }
                var at = stored.FindIndex(s => (s.Tenant, s.Name) == (candidate.Tenant, candidate.Name));
                if (at >= 0)
                    stored[at] = candidate;
                else
                    stored.Add(candidate);
                index = index.With(candidate);
                if (random.Next(6) == 0 && stored.Count > 0)
                {
                    var gone = stored[random.Next(stored.Count)];
                    stored.Remove(gone);
                    index = index.Without(new FedNet.Planning.ServiceKey(gone.Tenant, gone.Name));
                }
            }
            // The index kept through the changes equals one built from scratch: both answer the same for a new change.
            var probe = RandomService(random);
            Assert.Equal(Text(ValidationIndex.Build(Tiny, stored).Validate(probe, stored)), Text(index.Validate(probe, stored)));
        }
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{compared} changes compared, {rejected} rejected, {ValidationIndex.Fallbacks - fallbacksBefore} fell back to the full validation");
        Assert.True(rejected > 0 && rejected < compared, $"{rejected} of {compared} rejected: the generator tests one side only");
    }

    private static string Text(ValidationResult result) => string.Join("\n", result.Errors.Select(e => e.ToString()));

    private static Service RandomService(Random random)
    {
        var b = new StringBuilder();
        var (tenant, name) = ($"t{random.Next(2)}", $"s{random.Next(6)}");
        b.Append(CultureInfo.InvariantCulture, $"tenant: {tenant}\nservice: {name}\nnetworks:\n");
        var networks = random.Next(1, 4);
        for (var n = 0; n < networks; n++)
            b.Append(CultureInfo.InvariantCulture, $"  - {{ name: n{n}, cidr: {Cidrs[random.Next(Cidrs.Length)]} }}\n");
        b.Append("vms:\n");
        var vms = random.Next(1, 4);
        for (var v = 0; v < vms; v++)
        {
            var placement = random.Next(12) == 0 ? Placements[^1] : Placements[random.Next(Placements.Length - 1)];
            b.Append(CultureInfo.InvariantCulture, $"  - name: vm{v}\n    placement: {{ {placement} }}\n    interfaces:\n");
            var used = new HashSet<int>();
            for (var k = random.Next(1, 3); k > 0; k--)
            {
                var network = random.Next(15) == 0 ? 9 : random.Next(networks);
                if (!used.Add(network))
                    continue;
                var mac = random.Next(5) == 0 ? $", mac: \"02:fe:00:00:00:0{random.Next(1, 6)}\"" : "";
                b.Append(CultureInfo.InvariantCulture, $"      - {{ network: n{network}{mac} }}\n");
            }
        }
        if (random.Next(3) == 0)
        {
            b.Append(CultureInfo.InvariantCulture,
                $"policies:\n  - {{ name: floor, network: n0, transit: kuas-ncku, guaranteed: {random.Next(1, 5) * 200}mbit }}\n");
        }
        var read = DescriptionReader.ReadService(b.ToString(), $"tenants/{tenant}/services/{name}");
        return read.Value ?? throw new InvalidOperationException("the generator wrote an unreadable service:\n" + b + string.Join("\n", read.Errors));
    }
}
