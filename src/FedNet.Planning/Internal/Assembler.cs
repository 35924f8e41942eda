using FedNet.Planning.Drivers;
using FedNet.Planning.State;

namespace FedNet.Planning.Internal;

/// <summary>Builds each switch's base (bridge, fixed ports, table-miss flows) and adds networks' contributions to it.</summary>
internal static class Assembler
{
    public static Dictionary<SwitchId, SwitchState> Bases(Topology topology) => Bases(topology, ControlDrivers.Default);

    /// <summary>Every node's switching element (node scope), from its driver: hosts by their driver, gateways by role.</summary>
    internal static Dictionary<SwitchId, SwitchState> Bases(Topology topology, ControlDrivers drivers)
    {
        var result = new Dictionary<SwitchId, SwitchState>();
        var context = new ControlContext(topology);
        foreach (var site in topology.Sites)
        {
            var siteIndex = topology.SiteIndex[site.Name];
            foreach (var host in topology.HostsBySite.GetValueOrDefault(site.Name) ?? [])
            {
                var state = drivers.For(host.Driver).SwitchingElement(context, new NodeRef(host.Name, siteIndex, IsGateway: false));
                result[state.Id] = state;
            }
            var gateway = drivers.Gateway.SwitchingElement(context, new NodeRef(site.Gateway.Name, siteIndex, IsGateway: true));
            result[gateway.Id] = gateway;
        }
        return result;
    }

    /// <summary>
    /// Base states plus every contribution, built in one pass per switch. Contributions come sorted by network id, so each
    /// switch's flow groups arrive in key order; switches are assembled on every core (each is independent).
    /// </summary>
    public static ValueMap<SwitchId, SwitchState> Assemble(Dictionary<SwitchId, SwitchState> bases, IReadOnlyList<(int Id, Contribution C)> contributions)
    {
        var flows = new Dictionary<SwitchId, List<KeyValuePair<int, EquatableArray<FlowEntry>>>>();
        var ports = new Dictionary<SwitchId, List<KeyValuePair<string, PortRow>>>();
        var meters = new Dictionary<SwitchId, List<KeyValuePair<uint, MeterEntry>>>();
        var owned = new List<SwitchState>();
        foreach (var (id, c) in contributions)
        {
            foreach (var (s, array) in c.FlowArrays)
                Get(flows, s).Add(KeyValuePair.Create(id, array));
            foreach (var (s, list) in c.Ports)
            {
                var into = Get(ports, s);
                foreach (var p in list)
                    into.Add(KeyValuePair.Create(p.Name, p));
            }
            foreach (var (s, list) in c.Meters)
            {
                var into = Get(meters, s);
                foreach (var m in list)
                    into.Add(KeyValuePair.Create(m.Id, m));
            }
            owned.AddRange(c.OwnedSwitches);
        }
        var shared = bases.ToArray();
        var result = new KeyValuePair<SwitchId, SwitchState>[shared.Length + owned.Count];
        Parallel.For(0, shared.Length, i =>
        {
            var (id, s) = shared[i];
            if (flows.TryGetValue(id, out var f))
                s = s with { Flows = ValueMap<int, EquatableArray<FlowEntry>>.From(s.Flows.Concat(f)) };
            if (ports.TryGetValue(id, out var p))
                s = s with { Ports = ValueMap<string, PortRow>.From(s.Ports.Concat(p)) };
            if (meters.TryGetValue(id, out var m))
                s = s with { Meters = ValueMap<uint, MeterEntry>.From(s.Meters.Concat(m)) };
            result[i] = KeyValuePair.Create(id, s);
        });
        for (var i = 0; i < owned.Count; i++)
            result[shared.Length + i] = KeyValuePair.Create(owned[i].Id, owned[i]);
        return ValueMap<SwitchId, SwitchState>.From(result);
    }

    /// <summary>
    /// Takes <paramref name="old"/>'s contribution out of the switches. Remove every changed network's old contribution
    /// before adding any new one: a vif that moved between networks keeps its port name.
    /// </summary>
    public static void Remove(Dictionary<SwitchId, SwitchState?> touched, Func<SwitchId, SwitchState?> current, int oldId, Footprint old)
    {
        SwitchState? Get(SwitchId id) => touched.TryGetValue(id, out var s) ? s : current(id);
        foreach (var o in old.Owned)
            touched[o] = null;
        foreach (var s in old.FlowSwitches)
        {
            if (Get(s) is { } st)
                touched[s] = st with { Flows = st.Flows.Remove(oldId) };
        }
        foreach (var (s, names) in old.Ports)
        {
            if (Get(s) is not { } st)
                continue;
            var map = st.Ports;
            foreach (var name in names)
                map = map.Remove(name);
            touched[s] = st with { Ports = map };
        }
        foreach (var (s, ids) in old.Meters)
        {
            if (Get(s) is not { } st)
                continue;
            var map = st.Meters;
            foreach (var id in ids)
                map = map.Remove(id);
            touched[s] = st with { Meters = map };
        }
    }

    /// <summary>Puts <paramref name="fresh"/>'s contribution into the switches.</summary>
    public static void Add(Dictionary<SwitchId, SwitchState?> touched, Func<SwitchId, SwitchState?> current, int newId, Contribution fresh)
    {
        SwitchState? Get(SwitchId id) => touched.TryGetValue(id, out var s) ? s : current(id);
        {
            foreach (var o in fresh.OwnedSwitches)
                touched[o.Id] = o;
            foreach (var (s, array) in fresh.FlowArrays)
            {
                if (Get(s) is { } st)
                    touched[s] = st with { Flows = st.Flows.SetItem(newId, array) };
            }
            foreach (var (s, list) in fresh.Ports)
            {
                if (Get(s) is not { } st)
                    continue;
                var map = st.Ports;
                foreach (var p in list)
                    map = map.SetItem(p.Name, p);
                touched[s] = st with { Ports = map };
            }
            foreach (var (s, list) in fresh.Meters)
            {
                if (Get(s) is not { } st)
                    continue;
                var map = st.Meters;
                foreach (var m in list)
                    map = map.SetItem(m.Id, m);
                touched[s] = st with { Meters = map };
            }
        }
    }

    private static List<T> Get<T>(Dictionary<SwitchId, List<T>> map, SwitchId id)
    {
        if (!map.TryGetValue(id, out var list))
            map[id] = list = [];
        return list;
    }
}
