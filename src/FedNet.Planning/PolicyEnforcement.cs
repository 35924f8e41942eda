using System.Globalization;
using FedNet.Model;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning;

/// <summary>
/// Where one policy is enforced on one network, and what of it cannot be. A VM-pair policy whose VMs share two networks
/// yields one entry per network.
/// </summary>
/// <param name="Service">The service that asked for it.</param>
/// <param name="Policy">The policy's name.</param>
/// <param name="Network">The network it applies to.</param>
/// <param name="Scope">What it limits, for humans: "whole network", "across transit T" or "VMs a &lt;-&gt; b".</param>
/// <param name="RateBitsPerSecond">The rate limit asked for, if any.</param>
/// <param name="GuaranteedBitsPerSecond">The guaranteed floor asked for, if any.</param>
/// <param name="EnforcedBy">Each switch mechanism that enforces the rate: a meter or a port shaper, with its numbers.</param>
/// <param name="Notes">What is not enforced, and why (a guaranteed floor on netdev, a transit off the network's paths).</param>
public sealed record PolicyEnforcement(
    ServiceKey Service,
    string Policy,
    NetworkKey Network,
    string Scope,
    long? RateBitsPerSecond,
    long? GuaranteedBitsPerSecond,
    EquatableArray<string> EnforcedBy,
    EquatableArray<string> Notes);

/// <summary>Reports, for every policy of a plan, where its rate limit is enforced and what cannot be (see docs/pipeline.md).</summary>
public static class PolicyReport
{
    /// <summary>Every policy of <paramref name="plan"/>, per network, ordered by network then policy name.</summary>
    public static IReadOnlyList<PolicyEnforcement> For(NetworkPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var result = new List<PolicyEnforcement>();
        foreach (var spec in plan.Specs.Values.OrderBy(s => s.Key))
        {
            foreach (var p in spec.Policies.OrderBy(p => p.Key))
            {
                var enforcedBy = new List<string>();
                if (p.Policy.Rate is not null)
                {
                    foreach (var (id, state) in plan.State.Switches)
                    {
                        if (state.Meters.TryGetValue((uint)p.MeterId, out var m))
                            enforcedBy.Add($"{id}: meter {m.Id} ({m.RateKbps} kbit/s, drop band, burst {m.BurstKbits} kbit)");
                    }
                    enforcedBy.AddRange(Shapers(plan, spec, p));
                }
                var notes = new List<string>();
                if (p.Policy.Guaranteed is { } g)
                    notes.Add(GuaranteedNote(plan.Topology, spec, p, g));
                if (p.Policy.Rate is { } rate && enforcedBy.Count == 0)
                {
                    notes.Add(p.Transit >= 0 && !spec.Transits.Contains(p.Transit)
                        ? $"rate {FormatRate(rate)}: transit '{p.Policy.Transit}' is on no path of the network; nothing to limit"
                        : $"rate {FormatRate(rate)}: no switch carries this traffic yet; nothing to limit");
                }
                result.Add(new PolicyEnforcement(new ServiceKey(spec.Key.Tenant, spec.Key.Service), p.Policy.Name, spec.Key, Scope(p),
                    p.Policy.Rate, p.Policy.Guaranteed, EquatableArray.From(enforcedBy), EquatableArray.From(notes)));
            }
        }
        return result;
    }

    /// <summary>
    /// The "Policies" section of <c>fednet plan</c>'s table: one line per policy and network, then one indented line per
    /// enforcing mechanism and per thing not enforced. Writes nothing when there are no policies.
    /// </summary>
    public static void WriteTable(IReadOnlyList<PolicyEnforcement> policies, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(output);
        if (policies.Count == 0)
            return;
        output.WriteLine();
        output.WriteLine("Policies");
        foreach (var p in policies)
        {
            var asked = string.Join(", ", new[]
            {
                p.RateBitsPerSecond is { } r ? "rate " + FormatRate(r) : null,
                p.GuaranteedBitsPerSecond is { } g ? "guaranteed " + FormatRate(g) : null,
            }.OfType<string>());
            output.WriteLine($"{p.Network}  {p.Policy}  {p.Scope}  {asked}");
            foreach (var e in p.EnforcedBy)
                output.WriteLine("  enforced: " + e);
            foreach (var n in p.Notes)
                output.WriteLine("  NOT enforced: " + n);
        }
    }

    /// <summary>"20 Mbit/s", "1.5 Gbit/s", "64 kbit/s".</summary>
    public static string FormatRate(long bitsPerSecond)
    {
        var (value, unit) = bitsPerSecond switch
        {
            >= 1_000_000_000 => (bitsPerSecond / 1e9, "Gbit/s"),
            >= 1_000_000 => (bitsPerSecond / 1e6, "Mbit/s"),
            >= 1_000 => (bitsPerSecond / 1e3, "kbit/s"),
            _ => (bitsPerSecond, "bit/s"),
        };
        return value.ToString("0.###", CultureInfo.InvariantCulture) + " " + unit;
    }

    /// <summary>
    /// The sentence `plan` prints for a guaranteed floor: every FedNet bridge is netdev, whose userspace datapath ignores
    /// set_queue (all frames leave by a port's default queue), so no queue can hold a floor for one network or pair.
    /// </summary>
    internal static string GuaranteedNote(Topology topology, NetworkSpec spec, PolicySpec p, long guaranteed) =>
        $"guaranteed {FormatRate(guaranteed)}: not enforceable on netdev datapath of {string.Join(", ", CarryingNodes(topology, spec, p))}; best effort";

    /// <summary>The nodes whose switches carry the policy's traffic: the two gateways of its transit, or its VMs' hosts.</summary>
    internal static IEnumerable<string> CarryingNodes(Topology topology, NetworkSpec spec, PolicySpec p)
    {
        if (p.Transit >= 0)
        {
            var (a, b) = topology.TransitEnds[p.Transit];
            return new[] { topology.Sites[a].Gateway.Name, topology.Sites[b].Gateway.Name }.Order(StringComparer.Ordinal);
        }
        return spec.Vifs.Where(v => p.VmA is null || v.Key.Vm.Vm == p.VmA || v.Key.Vm.Vm == p.VmB)
            .Select(v => v.Host.Name).Distinct().Order(StringComparer.Ordinal);
    }

    private static string Scope(PolicySpec p) =>
        p.VmA is not null ? $"VMs {p.VmA} <-> {p.VmB}"
        : p.Transit >= 0 ? $"across transit {p.Policy.Transit}"
        : "whole network";

    private static IEnumerable<string> Shapers(NetworkPlan plan, NetworkSpec spec, PolicySpec p)
    {
        foreach (var v in spec.Vifs)
        {
            if (v.Host.Driver != HostDriver.BridgePerNetwork || !spec.Vlans.TryGetValue(v.Site, out var vlan))
                continue;
            var peer = v.Key.Vm.Vm == p.VmA ? p.VmB : v.Key.Vm.Vm == p.VmB ? p.VmA : null;
            var applies = NetworkFlows.IsWholePath(p)
                || (peer is not null && spec.Vifs.Exists(w => w.Key.Vm.Vm == peer && w.Host.Driver == HostDriver.BridgePerNetwork));
            var id = new SwitchId(v.Host.Name, Ports.NetworkBridge(vlan));
            if (applies && plan.State.Switches.TryGetValue(id, out var state) && state.Ports.TryGetValue(Ports.Vif(v.Mac), out var port)
                && port.EgressMaxRateKbps > 0)
            {
                yield return $"{id}: port {port.Name} linux-htb max-rate {port.EgressMaxRateKbps} kbit/s (what the VM receives)";
            }
        }
    }
}
