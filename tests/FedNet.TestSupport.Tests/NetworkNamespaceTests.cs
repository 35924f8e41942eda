using System.Net.NetworkInformation;
using Xunit;

namespace FedNet.TestSupport.Tests;

/// <summary><see cref="NetworkNamespace.Run"/>, which the controller's raw sockets and the evaluation's TCP clients use.</summary>
public sealed class NetworkNamespaceTests
{
    [Fact]
    public void Run_InAFreshNamespace_SeesOnlyItsOwnInterfaces()
    {
        using var ns = Netns.Create();
        using var other = Netns.Create();
        using var veth = VethPair.Create(ns, other, "ve0", "ve1");

        var inside = NetworkNamespace.Run(ns.Name, () => NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).Order().ToList());

        Assert.Equal(["lo", "ve0"], inside);
        Assert.DoesNotContain("ve0", NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name));
    }

    [Fact]
    public void Run_ActionThrows_TheExceptionReachesTheCaller()
    {
        using var ns = Netns.Create();

        var e = Assert.Throws<InvalidDataException>(() => NetworkNamespace.Run<int>(ns.Name, () => throw new InvalidDataException("inside")));

        Assert.Equal("inside", e.Message);
    }

    [Fact]
    public void Run_NoSuchNamespace_ThrowsWithoutRunningTheAction()
    {
        var ran = false;

        Assert.ThrowsAny<IOException>(() => NetworkNamespace.Run("fednet-no-such-ns", () => ran = true));

        Assert.False(ran);
    }
}
