using FedNet.TestSupport;

namespace FedNet.Ovsdb.Tests;

/// <summary>One private Open vSwitch shared by the tests of a class; tests use unique bridge names and owners.</summary>
public sealed class OvsFixture : IDisposable
{
    public OvsFixture() => Ovs = OvsInstance.Start();

    public OvsInstance Ovs { get; }

    public void Dispose() => Ovs.Dispose();
}

internal static class Names
{
    public static string Bridge() => UniqueName.Next("br");
    public static string Port() => UniqueName.Next("p");
    public static string Owner() => "test-" + Guid.NewGuid().ToString("N")[..8];
}
