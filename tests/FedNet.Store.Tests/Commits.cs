using FedNet.Planning;

namespace FedNet.Store.Tests;

/// <summary>Short builders for commits in tests.</summary>
internal static class Commits
{
    public static StoreCommit Services(params ServiceWrite[] writes) => new("test", "test commit", null, writes, Allocations.Empty);

    public static StoreCommit Federation(string yaml, long? expected = null) =>
        new("test", "federation", new FederationWrite("fed", yaml, expected), [], Allocations.Empty);

    public static ServiceWrite Put(string tenant, string name, string yaml = "yaml", long? expected = null) => new(tenant, name, yaml, expected);

    public static ServiceWrite Delete(string tenant, string name, long? expected = null) => new(tenant, name, null, expected);

    public static Allocations SomeAllocations(int n) => Allocations.Empty with
    {
        NextNetworkId = n + 1,
        NetworkIds = ValueMap<NetworkKey, int>.From(Enumerable.Range(1, n).Select(i => KeyValuePair.Create(new NetworkKey("t", "s", $"n{i}"), i))),
    };
}
