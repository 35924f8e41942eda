using CsCheck;
using FedNet.Planning;
using FedNet.Planning.Tests;
using FedNet.Store.Internal;

namespace FedNet.Store.Tests;

public sealed class AllocationPartitionsTests
{
    [Fact]
    public void Update_AfterAPlannerChange_GivesExactlyThePartitionsOfAFullSplit()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var (federation, services) = RandomDescriptions.Build(seed);
            var before = Planner.Plan(federation, services).Allocations;
            // Drop one service, change another, add a new one.
            var changed = services.Skip(1).ToList();
            if (changed.Count > 0)
                changed[0] = RandomDescriptions.RandomService(rng, federation.Sites, changed[0].Tenant, changed[0].Name);
            changed.Add(RandomDescriptions.RandomService(rng, federation.Sites, "new", "svc"));
            var now = Planner.Plan(federation, changed, before).Allocations;

            var updated = AllocationPartitions.Update(before, now, AllocationPartitions.Split(before));
            var split = AllocationPartitions.Split(now);

            Assert.NotNull(updated);
            Assert.Equal(split.Keys.Order(), updated.Keys.Order());
            Assert.All(split, p => Assert.Equal(p.Value.Json, updated[p.Key].Json));
            Assert.Equal(now, AllocationPartitions.Merge(now, updated.Values.Select(p => AllocationsJson.Deserialize(p.Json))));
        }, iter: 100);
    }

    [Fact]
    public void Update_PreviousPartitionsReadBackWithoutEntries_ReturnsNullForAFullSplit()
    {
        var (federation, services) = RandomDescriptions.Build(5);
        var before = Planner.Plan(federation, services).Allocations;
        var now = before with { Macs = before.Macs.SetItem(before.Macs.Keys.First(), 0x02fe00000999) };
        var readBack = AllocationPartitions.Split(before).ToDictionary(p => p.Key, p => new AllocationPartitions.Partition(null, p.Value.Json));

        Assert.Null(AllocationPartitions.Update(before, now, readBack));
    }

    [Fact]
    public void Update_OneMacChanged_ReusesTheJsonOfEveryOtherService()
    {
        var (federation, services) = RandomDescriptions.Build(11);
        var before = Planner.Plan(federation, services).Allocations;
        var vif = before.Macs.Keys.First();
        var now = before with { Macs = before.Macs.SetItem(vif, 0x02fe00000999) };
        var previous = AllocationPartitions.Split(before);

        var updated = AllocationPartitions.Update(before, now, previous)!;

        var owner = new ServiceKey(vif.Vm.Tenant, vif.Vm.Service);
        Assert.All(updated.Where(p => p.Key != owner), p => Assert.Same(previous[p.Key].Json, p.Value.Json));
        Assert.NotEqual(previous[owner].Json, updated[owner].Json);
    }
}
