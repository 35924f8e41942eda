using FedNet.Lab;
using FedNet.Planning;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// The one reachability assertion both drivers' end-to-end tests make (EndToEndTests for <c>ovs</c>,
/// BridgePerNetworkTests for <c>bridge-per-network</c>), so "both drivers pass the same reachability tests" is literal.
/// </summary>
internal static class ReachabilityAssert
{
    /// <summary>
    /// elearning + the two tenants applied on the paper federation: every ordered pair of the same network answers its
    /// first ping (no warm-up) across LAN, VPLS, GRE and the two-hop path, and no pair of different networks does
    /// (including alpha.web to beta.db, the same IP in the other tenant).
    /// </summary>
    public static async Task SameNetworkPairsPingFirstTimeAndNoOtherPairDoesAsync(NetworkPlan plan, LabState lab,
        IReadOnlyList<VifPlacement> vifs, CancellationToken cancellationToken)
    {
        var results = await Reachability.ProbeAsync(plan, lab, vifs, cancellationToken: cancellationToken);

        var wrong = results.Where(r => !r.AsExpected).Select(r => $"{r.From.Name} -> {r.To.Name} ({r.Path}): reached={r.Reached}").ToList();
        Assert.True(wrong.Count == 0, "unexpected outcomes:\n" + string.Join("\n", wrong));
        var paths = results.Where(r => r.SameNetwork).Select(r => r.Path).ToHashSet();
        Assert.Superset(new HashSet<PathKind> { PathKind.Lan, PathKind.Vpls, PathKind.Gre, PathKind.MultiHop }, paths);
        Assert.Contains(results, r => r.From.Name == "alpha.web" && r.To.Name == "beta.db" && !r.Reached);
    }
}
