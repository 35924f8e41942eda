using FedNet.Planning;
using FedNet.Planning.State;

namespace FedNet.Control;

/// <summary>
/// One planned vif and where it lives: the VM endpoint the compute driver creates for it (one per vif, so a VM with
/// two interfaces is two endpoints), its host and the interface name that appears there.
/// </summary>
/// <param name="Name">Compute-driver name: <c>tenant.vm</c>, plus <c>.network</c> when the VM has several interfaces.</param>
/// <param name="Vif">The planner's vif.</param>
/// <param name="Network">Its network.</param>
/// <param name="Host">Its host.</param>
/// <param name="Site">Its host's site.</param>
/// <param name="Mac">Its MAC (48 bits).</param>
/// <param name="Ip">Its IPv4 address.</param>
/// <param name="PrefixLength">Its network's prefix length.</param>
public sealed record VifPlacement(string Name, VifKey Vif, NetworkKey Network, string Host, string Site, ulong Mac, uint Ip, int PrefixLength)
{
    /// <summary>aa:bb:cc:dd:ee:ff.</summary>
    public string MacText => FieldFormat.Mac(Mac);

    /// <summary>Dotted quad.</summary>
    public string IpText => FieldFormat.Ipv4(Ip);

    /// <summary>The interface that appears on the host (contract: <c>vf</c> + last three MAC bytes).</summary>
    public string HostInterface => Ports.Vif(Mac);

    /// <summary>Every vif of <paramref name="plan"/>, ordered by name.</summary>
    public static IReadOnlyList<VifPlacement> All(NetworkPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var siteOfHost = plan.Federation.Sites.SelectMany(s => s.Hosts.Select(h => (Host: h.Name, Site: s.Name)))
            .ToDictionary(p => p.Host, p => p.Site, StringComparer.Ordinal);
        var result = new List<VifPlacement>();
        foreach (var (vif, mac) in plan.Allocations.Macs)
        {
            if (!plan.Services.TryGetValue(new ServiceKey(vif.Vm.Tenant, vif.Vm.Service), out var service))
                continue;
            var vm = service.Vms.FirstOrDefault(v => v.Name == vif.Vm.Vm);
            if (vm is null || vif.Index >= vm.Interfaces.Count || !plan.Allocations.Ips.TryGetValue(vif, out var ip)
                || !plan.Allocations.Ports.TryGetValue(vif, out var port))
                continue;
            var networkName = vm.Interfaces[vif.Index].Network;
            var network = service.Networks.First(n => n.Name == networkName);
            var name = vm.Interfaces.Count == 1 ? $"{vif.Vm.Tenant}.{vm.Name}" : $"{vif.Vm.Tenant}.{vm.Name}.{networkName}";
            if (vm.Interfaces.Count(i => i.Network == networkName) > 1)
                name += "." + vif.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            result.Add(new VifPlacement(name, vif, new NetworkKey(vif.Vm.Tenant, vif.Vm.Service, networkName), port.Host,
                siteOfHost.GetValueOrDefault(port.Host, "?"), mac, ip, network.Cidr.PrefixLength));
        }
        // Two services of one tenant may reuse a VM name: qualify those with the service.
        foreach (var group in result.GroupBy(v => v.Name).Where(g => g.Count() > 1).ToList())
        {
            foreach (var v in group.ToList())
                result[result.IndexOf(v)] = v with { Name = $"{v.Vif.Vm.Tenant}.{v.Vif.Vm.Service}.{v.Name[(v.Vif.Vm.Tenant.Length + 1)..]}" };
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }
}
