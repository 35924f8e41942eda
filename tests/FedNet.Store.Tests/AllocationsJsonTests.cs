using System.Text;
using CsCheck;
using FedNet.Planning;
using FedNet.Planning.Tests;

namespace FedNet.Store.Tests;

public sealed class AllocationsJsonTests
{
    [Fact]
    public void Serialize_Empty_RoundTripsAndIsStable()
    {
        var bytes = AllocationsJson.Serialize(Allocations.Empty);

        Assert.Equal(Allocations.Empty, AllocationsJson.Deserialize(bytes));
        Assert.Equal(
            """{"format":1,"nextMacSuffix":1,"nextNetworkId":1,"nextVifId":1,"nextPolicyId":1,"networkIds":[],"vifIds":[],"hosts":[],"macs":[],"ips":[],"ports":[],"privateVlans":[],"publicVlans":[],"tunnelKeys":[],"policyIds":[]}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Serialize_PlannerAllocationsOfRandomFederations_RoundTripExactly()
    {
        // Allocations produced by planning random valid services (the planner tests' generator): every map non-trivially filled.
        Gen.Int.Sample(seed =>
        {
            var (federation, services) = RandomDescriptions.Build(seed);
            var allocations = Planner.Plan(federation, services).Allocations;

            var bytes = AllocationsJson.Serialize(allocations);
            var back = AllocationsJson.Deserialize(bytes);

            Assert.Equal(allocations, back);
            Assert.Equal(bytes, AllocationsJson.Serialize(back));
        }, iter: 200);
    }

    [Fact]
    public void Serialize_NamesWithSeparatorsAndExtremeNumbers_RoundTrip()
    {
        var vm = new VmKey("t/1", "svc#\"x\"", "vm:é");
        var net = new NetworkKey("t/1", "svc#\"x\"", "n@~");
        var a = Allocations.Empty with
        {
            NextMacSuffix = ulong.MaxValue,
            NextNetworkId = int.MaxValue,
            Macs = ValueMap<VifKey, ulong>.From([KeyValuePair.Create(new VifKey(vm, 3), ulong.MaxValue)]),
            Ips = ValueMap<VifKey, uint>.From([KeyValuePair.Create(new VifKey(vm, 0), uint.MaxValue)]),
            Ports = ValueMap<VifKey, VifPort>.From([KeyValuePair.Create(new VifKey(vm, 0), new VifPort("h/1", 100))]),
            Hosts = ValueMap<VmKey, string>.From([KeyValuePair.Create(vm, "h/1")]),
            PrivateVlans = ValueMap<SiteNetworkKey, int>.From([KeyValuePair.Create(new SiteNetworkKey(net, "s@1"), 4094)]),
            PublicVlans = ValueMap<TransitNetworkKey, int>.From([KeyValuePair.Create(new TransitNetworkKey(net, "x~0"), 2700)]),
            TunnelKeys = ValueMap<TransitNetworkKey, int>.From([KeyValuePair.Create(new TransitNetworkKey(net, "x~1"), 1 << 24)]),
            PolicyIds = ValueMap<PolicyKey, int>.From([KeyValuePair.Create(new PolicyKey(net, "p:1"), 7)]),
        };

        Assert.Equal(a, AllocationsJson.Deserialize(AllocationsJson.Serialize(a)));
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("[]", "an object")]
    [InlineData("""{"nextVifId":1}""", "'format' property is missing")]
    [InlineData("""{"format":2}""", "format 2")]
    [InlineData("""{"format":1,"colour":1}""", "unknown property 'colour'")]
    [InlineData("""{"format":1,"networkIds":[["t","s",1,1]]}""", "a string")]
    [InlineData("""{"format":1,"networkIds":[["t","s","n",1,2]]}""", "the end of the entry")]
    [InlineData("""{"format":1,"networkIds":[["t","s","n",1],["t","s","n",2]]}""", "duplicate key t/s/n")]
    [InlineData("""{"format":1,"nextNetworkId":99999999999}""", "32-bit")]
    [InlineData("""{"format":1} {}""", "not valid JSON")]
    [InlineData("""{"format":1""", "byte")]
    public void Deserialize_Malformed_ThrowsStoreExceptionSayingWhatAndWhere(string json, string expected)
    {
        var e = Assert.Throws<StoreException>(() => AllocationsJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_PlannerAllocations_SurviveTheStoreAndAReopen()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var (federation, services) = RandomDescriptions.Build(42);
        var allocations = Planner.Plan(federation, services).Allocations;
        await using (var store = await SqliteFedNetStore.OpenAsync(dir.Path, ct))
            await store.CommitAsync(new StoreCommit("t", "plan", null, [], allocations), ct);

        await using var reopened = await SqliteFedNetStore.OpenAsync(dir.Path, ct);

        Assert.Equal(allocations, (await reopened.ReadAsync(ct)).Allocations);
        Assert.Equal(1L, Raw.Scalar(dir.DatabaseFile, "SELECT json_valid(allocations) FROM store_state"));
    }

    [Fact]
    public async Task CommitAsync_PlannerAllocationsFromTwoAlternatingInstances_EachInstanceReadsTheLatestExactly()
    {
        // Services come and go (partition rows inserted, rewritten, deleted); two instances on one file alternate, so
        // each commit must diff against what the other instance wrote, not its own cache.
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var a = await SqliteFedNetStore.OpenAsync(dir.Path, ct);
        await using var b = await SqliteFedNetStore.OpenAsync(dir.Path, ct);
        var rng = new Random(1234);
        var previous = Allocations.Empty;
        for (var round = 0; round < 12; round++)
        {
            var (federation, services) = RandomDescriptions.Build(round % 4);
            var kept = services.Where(_ => rng.Next(3) != 0).ToList();
            var allocations = Planner.Plan(federation, kept, previous).Allocations;
            var writer = round % 2 == 0 ? a : b;
            var reader = round % 2 == 0 ? b : a;

            await writer.CommitAsync(new StoreCommit("t", $"round {round}", null, [], allocations), ct);

            Assert.Equal(allocations, (await reader.ReadAsync(ct)).Allocations);
            Assert.Equal(allocations, (await writer.ReadAsync(ct)).Allocations);
            previous = allocations;
        }
        await using var fresh = await SqliteFedNetStore.OpenAsync(dir.Path, ct);
        Assert.Equal(previous, (await fresh.ReadAsync(ct)).Allocations);
    }

    [Fact]
    public async Task CommitAsync_SuccessivePlannerAllocationsFromOneInstance_AFreshInstanceReadsEachExactly()
    {
        // One writer, so every commit diffs against its own cached partitions: services added, changed, removed.
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var writer = await SqliteFedNetStore.OpenAsync(dir.Path, ct);
        var rng = new Random(99);
        var (federation, _) = RandomDescriptions.Build(3);
        var services = new Dictionary<string, FedNet.Model.Service>();
        var allocations = Allocations.Empty;
        for (var round = 0; round < 25; round++)
        {
            var tenant = $"t{rng.Next(6)}";
            if (services.ContainsKey(tenant) && rng.Next(3) == 0)
                services.Remove(tenant);
            else
                services[tenant] = RandomDescriptions.RandomService(rng, federation.Sites, tenant, "svc");
            allocations = Planner.Plan(federation, services.Values, allocations).Allocations;

            await writer.CommitAsync(new StoreCommit("t", $"round {round}", null, [], allocations), ct);

            await using var fresh = await SqliteFedNetStore.OpenAsync(dir.Path, ct);
            Assert.Equal(allocations, (await fresh.ReadAsync(ct)).Allocations);
        }
    }
}
