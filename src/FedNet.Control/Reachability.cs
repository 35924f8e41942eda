using System.Diagnostics;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;

namespace FedNet.Control;

/// <summary>How a pair of vifs is linked, as the demo prints it.</summary>
public enum PathKind
{
    /// <summary>Different networks: no path is expected.</summary>
    None,
    /// <summary>Same host.</summary>
    Local,
    /// <summary>Same site segment (private VLAN on the trunk).</summary>
    Lan,
    /// <summary>Across a VPLS transit (VLAN translation at both gateways).</summary>
    Vpls,
    /// <summary>Across a GRE tunnel transit.</summary>
    Gre,
    /// <summary>Across a VXLAN tunnel transit.</summary>
    Vxlan,
    /// <summary>Across more than one transit, through an intermediate gateway.</summary>
    MultiHop,
}

/// <summary>One ordered pair of vifs: whether the first ping from one reached the other.</summary>
/// <param name="From">Source vif.</param>
/// <param name="To">Destination vif.</param>
/// <param name="Path">How they are linked (<see cref="PathKind.None"/> for different networks).</param>
/// <param name="Reached">True when the first ping was answered, by the destination's MAC.</param>
public sealed record PairResult(VifPlacement From, VifPlacement To, PathKind Path, bool Reached)
{
    /// <summary>True for vifs of the same network.</summary>
    public bool SameNetwork => From.Network == To.Network;

    /// <summary>True when the outcome is what isolation requires: reached within a network, not across.</summary>
    public bool AsExpected => Reached == SameNetwork;
}

/// <summary>
/// Pings every ordered pair of vifs from inside the lab's VM namespaces (one ping each, no warm-up) and checks who
/// answered by the neighbour entry's MAC, so a same-IP VM of another tenant never counts as the destination.
/// </summary>
public static class Reachability
{
    /// <summary>The path kind of the pair, from the planner's link choice.</summary>
    public static PathKind PathOf(NetworkPlan plan, VifPlacement from, VifPlacement to)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Network != to.Network)
            return PathKind.None;
        return KindOf(plan, plan.Links(from.Network).FirstOrDefault(l => l.From == from.Vif && l.To == to.Vif));
    }

    /// <summary>The path type of one planned link (<see cref="PathKind.None"/> for no link).</summary>
    public static PathKind KindOf(NetworkPlan plan, LinkChoice? link)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return link?.Kind switch
        {
            LinkKind.SameHost => PathKind.Local,
            LinkKind.Segment => PathKind.Lan,
            LinkKind.Vpls => PathKind.Vpls,
            LinkKind.MultiHop => PathKind.MultiHop,
            LinkKind.Tunnel => plan.Federation.Transits.FirstOrDefault(t => t.Name == link.Transits[0])?.TunnelProtocol == TunnelProtocol.Vxlan
                ? PathKind.Vxlan : PathKind.Gre,
            _ => PathKind.None,
        };
    }

    /// <summary>Probes every ordered pair of <paramref name="vifs"/> (a few at a time).</summary>
    public static async Task<IReadOnlyList<PairResult>> ProbeAsync(NetworkPlan plan, LabState lab, IReadOnlyList<VifPlacement> vifs,
        int parallelism = 12, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(vifs);
        var pairs = vifs.SelectMany(a => vifs.Where(b => b != a).Select(b => (a, b))).ToList();
        // Same-network pairs first and on their own: their first ping is the one that counts.
        var results = new PairResult[pairs.Count];
        var order = Enumerable.Range(0, pairs.Count).OrderBy(i => pairs[i].a.Network == pairs[i].b.Network ? 0 : 1).ToList();
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var (a, b) = pairs[i];
                var ns = lab.Vm(a.Name)?.Namespace ?? throw new ControlException($"VM endpoint {a.Name} is not in lab '{lab.Id}'");
                var reached = await PingAsync(ns, b, ct).ConfigureAwait(false);
                results[i] = new PairResult(a, b, PathOf(plan, a, b), reached);
            }).ConfigureAwait(false);
        return results;
    }

    /// <summary>One ping from namespace <paramref name="ns"/> to <paramref name="to"/>; true when answered by its MAC.</summary>
    public static async Task<bool> PingAsync(string ns, VifPlacement to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        var (ok, _) = await RunAsync(["netns", "exec", ns, "ping", "-n", "-q", "-c", "1", "-W", "2", to.IpText], cancellationToken).ConfigureAwait(false);
        if (!ok)
            return false;
        var (_, neigh) = await RunAsync(["-netns", ns, "neigh", "show", to.IpText], cancellationToken).ConfigureAwait(false);
        return neigh.Contains(to.MacText, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(bool Ok, string Output)> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new ControlException("cannot start ip (install iproute2)");
        var output = p.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (p.ExitCode == 0, await output.ConfigureAwait(false));
    }
}
