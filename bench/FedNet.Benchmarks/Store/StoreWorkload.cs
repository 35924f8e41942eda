using System.Globalization;
using FedNet.Planning;

namespace FedNet.Benchmarks.Store;

/// <summary>Synthetic services and the allocations the planner would give them: one network and two single-vif VMs
/// per service (12 allocation entries), a ~700-byte YAML description.</summary>
internal static class StoreWorkload
{
    public static (string Tenant, string Name) Key(int i) => ($"tenant{i % 100:D3}", $"svc{i:D5}");

    public static string Yaml(int i, int variant = 0)
    {
        var (tenant, name) = Key(i);
        return string.Create(CultureInfo.InvariantCulture, $"""
            tenant: {tenant}
            service: {name}
            # variant {variant}
            networks:
              - name: front
                cidr: 10.{i % 250}.{i / 250 % 250}.0/24
                arp: switch
            vms:
              - name: web
                placement: {"{"} site: s{i % 8} {"}"}
                interfaces:
                  - network: front
              - name: db
                placement: {"{"} site: s{(i + 1) % 8} {"}"}
                interfaces:
                  - network: front
            policies: []
            # padding to a realistic description size: comments, labels, owner, contact
            labels: {"{"} owner: team-{i % 37}, cost-centre: cc-{i % 11}, environment: production, tier: frontend {"}"}
            """);
    }

    /// <summary><paramref name="allocations"/> plus service <paramref name="i"/>'s entries.</summary>
    public static Allocations Add(Allocations allocations, int i)
    {
        var (tenant, name) = Key(i);
        var network = new NetworkKey(tenant, name, "front");
        var a = allocations with
        {
            NextNetworkId = allocations.NextNetworkId + 1,
            NextVifId = allocations.NextVifId + 2,
            NextMacSuffix = allocations.NextMacSuffix + 2,
            NetworkIds = allocations.NetworkIds.SetItem(network, allocations.NextNetworkId),
            PrivateVlans = allocations.PrivateVlans.SetItem(new SiteNetworkKey(network, $"s{i % 8}"), 100 + (i % 900)),
        };
        foreach (var (vm, index) in new[] { ("web", 0), ("db", 1) })
        {
            var vif = new VifKey(new VmKey(tenant, name, vm), 0);
            a = a with
            {
                VifIds = a.VifIds.SetItem(vif, allocations.NextVifId + index),
                Hosts = a.Hosts.SetItem(vif.Vm, $"s{(i + index) % 8}-h{i % 3}"),
                Macs = a.Macs.SetItem(vif, allocations.NextMacSuffix + (ulong)index),
                Ips = a.Ips.SetItem(vif, (10u << 24) | ((uint)(i % 250) << 16) | ((uint)(i / 250 % 250) << 8) | (uint)(10 + index)),
                Ports = a.Ports.SetItem(vif, new VifPort($"s{(i + index) % 8}-h{i % 3}", 100 + (i % 5000))),
            };
        }
        return a;
    }
}
