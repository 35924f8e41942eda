using FedNet.Api.Contracts;
using FedNet.Model;
using FedNet.Planning;
using FedNet.Planning.State;

namespace FedNet.Api.Internal;

/// <summary>What a change does, for <see cref="PlanDiffDto"/>: descriptions compared by content, switches by their desired state.</summary>
internal static class PlanDiffs
{
    /// <summary>The difference between two plans over <paramref name="services"/> and <paramref name="switches"/>.</summary>
    public static PlanDiffDto Of(NetworkPlan? before, NetworkPlan after, IEnumerable<ServiceKey> services, IEnumerable<SwitchId> switches)
    {
        var networks = new Changes();
        var vms = new Changes();
        foreach (var key in services.Distinct().Order())
        {
            Service? old = before is not null && before.Services.TryGetValue(key, out var o) ? o : null;
            Service? now = after.Services.TryGetValue(key, out var n) ? n : null;
            Compare(key, old?.Networks ?? [], now?.Networks ?? [], x => x.Name, (a, b) => a.Cidr == b.Cidr && a.Arp == b.Arp, networks);
            Compare(key, old?.Vms ?? [], now?.Vms ?? [], x => x.Name, SameVm, vms);
        }
        var switchDiffs = new List<SwitchDiffDto>();
        foreach (var id in switches.Distinct().Order())
        {
            SwitchState? a = before is not null && before.State.Switches.TryGetValue(id, out var x) ? x : null;
            SwitchState? b = after.State.Switches.TryGetValue(id, out var y) ? y : null;
            if (Of(id, a, b) is { } d)
                switchDiffs.Add(d);
        }
        return new PlanDiffDto(networks.ToDto(), vms.ToDto(), switchDiffs);
    }

    /// <summary>Every switch whose state differs between the plans (for a change of the federation).</summary>
    public static IEnumerable<SwitchId> ChangedSwitches(NetworkPlan? before, NetworkPlan after)
    {
        var ids = after.State.Switches.Keys.ToHashSet();
        if (before is not null)
            ids.UnionWith(before.State.Switches.Keys);
        return ids.Where(id =>
        {
            var had = before is not null && before.State.Switches.TryGetValue(id, out var a) ? a : null;
            var has = after.State.Switches.TryGetValue(id, out var b) ? b : null;
            return !Equals(had, has);
        });
    }

    private static SwitchDiffDto? Of(SwitchId id, SwitchState? before, SwitchState? after)
    {
        if (Equals(before, after))
            return null;
        var oldFlows = before?.AllFlows.ToHashSet() ?? [];
        var newFlows = after?.AllFlows.ToHashSet() ?? [];
        var added = newFlows.Count(f => !oldFlows.Contains(f));
        var removed = oldFlows.Count(f => !newFlows.Contains(f));
        var rows = 0;
        if (!Equals(before?.Bridge, after?.Bridge))
            rows++;
        rows += Rows(before?.Ports, after?.Ports);
        rows += Rows(before?.Meters, after?.Meters);
        return added + removed + rows == 0 ? null : new SwitchDiffDto(id.ToString(), added, removed, rows);
    }

    private static int Rows<TKey, TValue>(ValueMap<TKey, TValue>? before, ValueMap<TKey, TValue>? after)
        where TKey : notnull
    {
        var count = 0;
        var keys = new HashSet<TKey>();
        if (before is not null)
            keys.UnionWith(before.Keys);
        if (after is not null)
            keys.UnionWith(after.Keys);
        foreach (var k in keys)
        {
            var had = before is not null && before.TryGetValue(k, out var a) ? (object?)a : null;
            var has = after is not null && after.TryGetValue(k, out var b) ? (object?)b : null;
            if (!Equals(had, has))
                count++;
        }
        return count;
    }

    private static bool SameVm(Vm a, Vm b) =>
        a.Site == b.Site && a.Host == b.Host && a.Interfaces.Count == b.Interfaces.Count
        && a.Interfaces.Zip(b.Interfaces).All(p => p.First.Network == p.Second.Network && Equals(p.First.Ip, p.Second.Ip)
            && Equals(p.First.Mac, p.Second.Mac));

    private static void Compare<T>(ServiceKey key, IEnumerable<T> before, IEnumerable<T> after, Func<T, string> name, Func<T, T, bool> same,
        Changes changes)
    {
        var old = before.ToDictionary(name, StringComparer.Ordinal);
        var now = after.ToDictionary(name, StringComparer.Ordinal);
        foreach (var (n, item) in now)
        {
            if (!old.TryGetValue(n, out var was))
                changes.Added.Add($"{key.Tenant}/{key.Service}/{n}");
            else if (!same(was, item))
                changes.Changed.Add($"{key.Tenant}/{key.Service}/{n}");
        }
        foreach (var n in old.Keys.Where(n => !now.ContainsKey(n)))
            changes.Removed.Add($"{key.Tenant}/{key.Service}/{n}");
    }

    private sealed class Changes
    {
        public List<string> Added { get; } = [];

        public List<string> Removed { get; } = [];

        public List<string> Changed { get; } = [];

        public ResourceDiffDto ToDto() =>
            new([.. Added.Order(StringComparer.Ordinal)], [.. Removed.Order(StringComparer.Ordinal)], [.. Changed.Order(StringComparer.Ordinal)]);
    }
}
