using FedNet.Model;
using FedNet.Planning.Drivers;

namespace FedNet.Planning.Internal;

/// <summary>
/// Where the network's rate-limit policies land (the paper's fourth primitive): OpenFlow meters where the switch has
/// flows (ovs hosts, gateways), an egress shaper on the vif port where it has none (bridge-per-network hosts).
/// docs/pipeline.md "Policies" says where and why; the drivers decide how.
/// </summary>
internal sealed partial class NetworkFlows
{
    /// <summary>True for a rate limit on the whole network (every path), not on one transit or one VM pair.</summary>
    internal static bool IsWholePath(PolicySpec p) => p.Policy.Rate is not null && p.VmA is null && p.Transit < 0;

    /// <summary>
    /// An ovs host: every whole-path rate (the driver meters the host's ingress and trunk admission with the lowest),
    /// then VM-pair rates: a pair direction whose sender is local, or whose sender sits on a bridge-per-network host
    /// (no flows there) and whose receiver is local.
    /// </summary>
    private void HostPolicies(IControlDriver driver, NetworkElement element, Host host, int site, bool fromGateway)
    {
        for (var pi = 0; pi < _net.Policies.Count; pi++)
        {
            if (IsWholePath(_net.Policies[pi]))
                driver.Policy(_context, element, new PolicyRef(pi, PolicyScope.Network));
        }
        var seen = new HashSet<(ulong, ulong)>();
        for (var pi = 0; pi < _net.Policies.Count; pi++)
        {
            var p = _net.Policies[pi];
            if (p.VmA is null || p.VmB is null || p.Policy.Rate is null)
                continue;
            AddPair(pi, p.VmA, p.VmB);
            AddPair(pi, p.VmB, p.VmA);
        }

        void AddPair(int pi, string fromVm, string toVm)
        {
            for (var ai = 0; ai < _net.Vifs.Count; ai++)
            {
                var a = _net.Vifs[ai];
                if (a.Key.Vm.Vm != fromVm)
                    continue;
                var aLocal = a.Host.Name == host.Name;
                for (var bi = 0; bi < _net.Vifs.Count; bi++)
                {
                    var b = _net.Vifs[bi];
                    if (b.Key.Vm.Vm != toVm)
                        continue;
                    var bLocal = b.Host.Name == host.Name;
                    var here = aLocal
                        ? Reachable(host, site, fromGateway, bi)
                        : bLocal && a.Host.Driver == HostDriver.BridgePerNetwork && Reachable(a.Host, a.Site, GatewayOnSegment(ai), bi);
                    if (here && seen.Add((a.Mac, b.Mac)))
                        driver.Policy(_context, element, new PolicyRef(pi, PolicyScope.Pair, ai, bi));
                }
            }
        }
    }

    /// <summary>
    /// A bridge-per-network host, whose learning bridge has no flows to meter: on each local vif's port, the network's
    /// whole-path rates and the rate of a VM pair whose other VM is on such a host too (otherwise the pair is metered on
    /// the ovs host at the other end, both ways).
    /// </summary>
    private void PortPolicies(IControlDriver driver, NetworkElement element, List<int> indexes)
    {
        foreach (var vi in indexes)
        {
            var v = _net.Vifs[vi];
            for (var pi = 0; pi < _net.Policies.Count; pi++)
            {
                var p = _net.Policies[pi];
                if (p.Policy.Rate is null)
                    continue;
                var applies = IsWholePath(p)
                    || (p.VmA is not null && p.VmB is not null && (v.Key.Vm.Vm == p.VmA || v.Key.Vm.Vm == p.VmB)
                        && _net.Vifs.Exists(w => w.Key.Vm.Vm == (v.Key.Vm.Vm == p.VmA ? p.VmB : p.VmA) && w.Host.Driver == HostDriver.BridgePerNetwork));
                if (applies)
                    driver.Policy(_context, element, new PolicyRef(pi, PolicyScope.Port, vi));
            }
        }
    }

    /// <summary>A gateway at an end of a rate-limited transit the network uses: the driver meters what it puts on it.</summary>
    private void TransitPolicies(IControlDriver driver, NetworkElement element, int site)
    {
        for (var pi = 0; pi < _net.Policies.Count; pi++)
        {
            var p = _net.Policies[pi];
            if (p.Policy.Rate is null || p.Transit < 0 || !_net.Transits.Contains(p.Transit))
                continue;
            var (a, b) = _topology.TransitEnds[p.Transit];
            if (a == site || b == site)
                driver.Policy(_context, element, new PolicyRef(pi, PolicyScope.Transit, Transit: p.Transit));
        }
    }
}
