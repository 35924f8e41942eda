using FedNet.Model;

namespace FedNet.Planning.Internal;

/// <summary>The warnings a policy earns when the switches can enforce it only in part.</summary>
internal static class PolicyDiagnostics
{
    public static void Add(Topology topology, NetworkSpec spec, PolicySpec p, Action<PlanDiagnostic> report)
    {
        var prefix = $"policy '{p.Policy.Name}' on {spec.Key}: ";
        if (p.Policy.Guaranteed is { } g)
        {
            report(new(PlanSeverity.Warning,
                prefix + PolicyReport.GuaranteedNote(topology, spec, p, g) +
                " (the userspace datapath ignores set_queue, so no queue can hold a floor)" + (p.Policy.Rate is null ? "" : "; the rate limit is still applied"),
                p.Policy.Location));
        }
        if (p.Policy.Rate is null)
            return;
        if (p.VmA is not null)
        {
            var bpn = spec.Vifs.Where(v => (v.Key.Vm.Vm == p.VmA || v.Key.Vm.Vm == p.VmB) && v.Host.Driver == HostDriver.BridgePerNetwork)
                .Select(v => v.Key.Vm.Vm).Distinct().Count();
            if (bpn == 2)
            {
                report(new(PlanSeverity.Warning,
                    prefix + "both VMs are on bridge-per-network hosts (learning bridges, no flows): the rate caps everything " +
                    "delivered to each of their vifs, not only the pair's traffic", p.Policy.Location));
            }
        }
        else if (p.Transit < 0 && spec.Vifs.Exists(v => v.Host.Driver == HostDriver.BridgePerNetwork))
        {
            report(new(PlanSeverity.Warning,
                prefix + "on bridge-per-network hosts the rate caps what each vif of the network receives (no flows to meter " +
                "what it sends)", p.Policy.Location));
        }
        if (p.Transit >= 0 && !spec.Transits.Contains(p.Transit))
        {
            report(new(PlanSeverity.Warning,
                prefix + $"transit '{p.Policy.Transit}' is on no path of the network; the rate limits nothing", p.Policy.Location));
        }
    }
}
