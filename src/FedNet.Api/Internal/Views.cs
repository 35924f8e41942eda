using FedNet.Api.Contracts;
using FedNet.Control;
using FedNet.Model;
using FedNet.Planning;
using FedNet.Planning.State;

namespace FedNet.Api.Internal;

/// <summary>Networks and VMs as planned, read from the current plan and filtered to what the caller sees.</summary>
internal static class Views
{
    public static IReadOnlyList<NetworkDto> Networks(NetworkPlan? plan, Func<string, bool> sees)
    {
        if (plan is null)
            return [];
        var result = new List<NetworkDto>();
        foreach (var (key, service) in plan.Services)
        {
            if (!sees(key.Tenant))
                continue;
            foreach (var n in service.Networks)
                result.Add(Network(plan, key, n));
        }
        return result;
    }

    public static IReadOnlyList<VmDto> Vms(NetworkPlan? plan, Func<string, bool> sees)
    {
        if (plan is null)
            return [];
        var result = new List<VmDto>();
        foreach (var (key, service) in plan.Services)
        {
            if (!sees(key.Tenant))
                continue;
            foreach (var vm in service.Vms)
            {
                var vmKey = new VmKey(key.Tenant, key.Service, vm.Name);
                var host = plan.Allocations.Hosts.TryGetValue(vmKey, out var h) ? h : vm.Host ?? "";
                result.Add(new VmDto(key.Tenant, key.Service, vm.Name, host, SiteOf(plan, host) ?? vm.Site ?? "",
                    [.. vm.Interfaces.Select((i, index) => Interface(plan, new VifKey(vmKey, index), i))]));
            }
        }
        return result;
    }

    /// <summary>One VM of <paramref name="tenant"/> (of <paramref name="service"/> when given; else the first service, by name, that has it).</summary>
    public static VmDetailDto? Vm(NetworkPlan? plan, string tenant, string name, string? service)
    {
        if (plan is null)
            return null;
        var match = plan.Services
            .Where(p => p.Key.Tenant == tenant && (service is null || p.Key.Service == service))
            .Select(p => (p.Key, Vm: p.Value.Vms.FirstOrDefault(v => v.Name == name), Service: p.Value))
            .FirstOrDefault(p => p.Vm is not null);
        if (match.Vm is not { } vm)
            return null;
        var vmKey = new VmKey(match.Key.Tenant, match.Key.Service, vm.Name);
        var host = plan.Allocations.Hosts.TryGetValue(vmKey, out var h) ? h : vm.Host ?? "";
        var interfaces = new List<VmInterfaceDetailDto>();
        var peers = new List<PeerPathDto>();
        for (var i = 0; i < vm.Interfaces.Count; i++)
        {
            var vif = new VifKey(vmKey, i);
            var networkKey = new NetworkKey(vmKey.Tenant, vmKey.Service, vm.Interfaces[i].Network);
            var basic = Interface(plan, vif, vm.Interfaces[i]);
            interfaces.Add(new VmInterfaceDetailDto(basic.Network, basic.Mac, basic.Ip, Vlans(plan, networkKey)));
            foreach (var link in plan.Links(networkKey).Where(l => l.From == vif).OrderBy(l => l.To))
            {
                var peerVm = match.Service.Vms.FirstOrDefault(v => v.Name == link.To.Vm.Vm);
                var peerName = peerVm is not null && peerVm.Interfaces.Count(x => x.Network == networkKey.Network) > 1
                    ? $"{link.To.Vm.Vm}#{link.To.Index}" : link.To.Vm.Vm;
                var ip = plan.Allocations.Ips.TryGetValue(link.To, out var a) ? FieldFormat.Ipv4(a) : "";
                peers.Add(new PeerPathDto(networkKey.Network, peerName, ip, PathOf(plan, link), [.. link.Transits]));
            }
        }
        return new VmDetailDto(vmKey.Tenant, vmKey.Service, vm.Name, host, SiteOf(plan, host) ?? vm.Site ?? "", interfaces, peers);
    }

    private static NetworkDto Network(NetworkPlan plan, ServiceKey key, Network n)
    {
        var networkKey = new NetworkKey(key.Tenant, key.Service, n.Name);
        return new NetworkDto(key.Tenant, key.Service, n.Name, n.Cidr.ToString(), Vlans(plan, networkKey));
    }

    private static IReadOnlyList<SiteVlanDto> Vlans(NetworkPlan plan, NetworkKey key) =>
        [.. plan.PrivateVlans(key).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new SiteVlanDto(p.Key, p.Value))];

    private static VmInterfaceDto Interface(NetworkPlan plan, VifKey vif, VmInterface i) =>
        new(i.Network,
            plan.Allocations.Macs.TryGetValue(vif, out var mac) ? FieldFormat.Mac(mac) : "",
            plan.Allocations.Ips.TryGetValue(vif, out var ip) ? FieldFormat.Ipv4(ip) : "");

    private static string? SiteOf(NetworkPlan plan, string host) =>
        plan.Federation.Sites.FirstOrDefault(s => s.Hosts.Any(h => h.Name == host))?.Name;

    private static string PathOf(NetworkPlan plan, LinkChoice link) => Reachability.KindOf(plan, link) switch
    {
        PathKind.Local => PathTypes.Local,
        PathKind.Lan => PathTypes.Lan,
        PathKind.Vpls => PathTypes.Vpls,
        PathKind.Gre => PathTypes.Gre,
        PathKind.Vxlan => PathTypes.Vxlan,
        PathKind.MultiHop => PathTypes.MultiHop,
        _ => PathTypes.None,
    };
}
