using FedNet.Model;
using FedNet.Planning;

namespace FedNet.Control;

/// <summary>
/// A migration as a planner input change: the VM's placement is replaced in its service and the incremental planner
/// re-plans that service only. The allocator keeps the VM's MACs, IPs and vif ids (they are keyed by the VM, not the
/// host), so only the switches of the old and new host and the gateways on the paths change.
/// </summary>
public static class MigrationPlanner
{
    /// <summary>
    /// Plans moving <paramref name="vm"/> of <paramref name="tenant"/>/<paramref name="service"/> to <paramref name="site"/>
    /// (any host there) or <paramref name="host"/>; exactly one of them is given.
    /// </summary>
    public static PlanUpdate Plan(NetworkPlan previous, string tenant, string service, string vm, string? site = null, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if ((site is null) == (host is null))
            throw new ArgumentException("give exactly one of site and host");
        var federation = previous.Federation;
        if (site is not null && federation.Sites.All(s => s.Name != site))
            throw new ControlException($"federation {federation.Name} has no site '{site}'");
        if (host is not null && federation.Sites.SelectMany(s => s.Hosts).All(h => h.Name != host))
            throw new ControlException($"federation {federation.Name} has no host '{host}'");
        if (!previous.Services.TryGetValue(new ServiceKey(tenant, service), out var current))
            throw new ControlException($"no service {tenant}/{service} in the plan");
        if (current.Vms.All(v => v.Name != vm))
            throw new ControlException($"service {tenant}/{service} has no VM '{vm}'");
        var moved = current with { Vms = ValueList.From(current.Vms.Select(v => v.Name == vm ? v with { Site = site, Host = host } : v)) };
        var update = Planner.Plan(previous, new UpsertService(moved));
        foreach (var (vif, mac) in update.Plan.Allocations.Macs.Where(p => p.Key.Vm.Tenant == tenant && p.Key.Vm.Service == service && p.Key.Vm.Vm == vm))
        {
            // A migration keeps the VM's identity; anything else would be a destroy and a create.
            if (previous.Allocations.Macs.TryGetValue(vif, out var before) && before != mac)
                throw new ControlException($"the planner changed {vif}'s MAC while moving it; refusing to migrate");
        }
        return update;
    }
}
