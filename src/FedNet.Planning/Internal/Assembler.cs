using FedNet.Model;
using FedNet.Planning.State;

namespace FedNet.Planning.Internal;

/// <summary>Builds each switch's base (bridge, fixed ports, table-miss flows) and adds networks' contributions to it.</summary>
internal static class Assembler
{
    public static Dictionary<SwitchId, SwitchState> Bases(Topology topology)
    {
        var result = new Dictionary<SwitchId, SwitchState>();
        foreach (var site in topology.Sites)
        {
            foreach (var host in topology.HostsBySite.GetValueOrDefault(site.Name) ?? [])
            {
                var reference = "node:" + host.Name;
                if (host.Driver == HostDriver.Ovs)
                {
                    var id = new SwitchId(host.Name, Ports.IntegrationBridge);
                    FlowEntry[] misses =
                    [
                        Miss(Tables.Ingress, [Drop.Instance]),
                        Miss(Tables.Arp, [new GotoTable(Tables.Forward)]),
                        Miss(Tables.Forward, [Drop.Instance]),
                    ];
                    result[id] = new SwitchState(id, SwitchRole.IntegrationBridge, Rows.SecureBridge(Ports.IntegrationBridge, reference),
                        PortMap([Rows.Trunk(Ports.Segment, (int)Ports.SegmentOfport, reference)]),
                        ValueMap<uint, MeterEntry>.Empty,
                        ValueMap<int, EquatableArray<FlowEntry>>.Empty.SetItem(0, EquatableArray.Of(misses)));
                }
                else
                {
                    // br-seg is secure with flows rather than a standalone trunk: only the VLANs of networks on this host
                    // pass, only untagged frames from a network's bridge get its tag, untagged trunk frames go nowhere.
                    var id = new SwitchId(host.Name, Ports.SegmentBridge);
                    result[id] = new SwitchState(id, SwitchRole.SegmentBridge, Rows.SecureBridge(Ports.SegmentBridge, reference),
                        PortMap([Rows.Trunk(Ports.Segment, (int)Ports.SegmentOfport, reference)]),
                        ValueMap<uint, MeterEntry>.Empty,
                        ValueMap<int, EquatableArray<FlowEntry>>.Empty.SetItem(0, EquatableArray.Of(Miss(Tables.Ingress, [Drop.Instance]))));
                }
            }

            var gw = site.Gateway;
            var gid = new SwitchId(gw.Name, Ports.GatewayBridge);
            var gref = "node:" + gw.Name;
            var ports = new List<PortRow> { Rows.Trunk(Ports.Segment, (int)Ports.SegmentOfport, gref) };
            var siteIndex = topology.SiteIndex[site.Name];
            for (var t = 0; t < topology.Transits.Length; t++)
            {
                var (a, b) = topology.TransitEnds[t];
                if (a != siteIndex && b != siteIndex)
                    continue;
                var transit = topology.Transits[t];
                var tref = "transit:" + transit.Name;
                if (transit.Kind == TransitKind.Vpls)
                {
                    ports.Add(Rows.Trunk(Ports.Vpls(t), (int)(Ports.FirstVplsOfport + t), tref));
                }
                else
                {
                    var far = topology.Sites[topology.OtherEnd(t, siteIndex)].Gateway;
                    var type = transit.TunnelProtocol == TunnelProtocol.Vxlan ? InterfaceType.Vxlan : InterfaceType.Gre;
                    ports.Add(Rows.Tunnel(Ports.Tunnel(t), type, far.Underlay.ToString(), gw.Underlay.ToString(),
                        (int)(Ports.FirstTunnelOfport + t), tref));
                }
            }
            result[gid] = new SwitchState(gid, SwitchRole.Gateway, Rows.SecureBridge(Ports.GatewayBridge, gref), PortMap(ports),
                ValueMap<uint, MeterEntry>.Empty,
                ValueMap<int, EquatableArray<FlowEntry>>.Empty.SetItem(0, EquatableArray.Of(Miss(Tables.Gateway, [Drop.Instance]))));
        }
        return result;
    }

    /// <summary>Base states plus every contribution, built in one pass per switch.</summary>
    public static ValueMap<SwitchId, SwitchState> Assemble(Dictionary<SwitchId, SwitchState> bases, IEnumerable<(int Id, Contribution C)> contributions)
    {
        var flows = new Dictionary<SwitchId, List<KeyValuePair<int, EquatableArray<FlowEntry>>>>();
        var ports = new Dictionary<SwitchId, List<KeyValuePair<string, PortRow>>>();
        var meters = new Dictionary<SwitchId, List<KeyValuePair<uint, MeterEntry>>>();
        var owned = new List<SwitchState>();
        foreach (var (id, c) in contributions)
        {
            foreach (var (s, list) in c.Flows)
                Get(flows, s).Add(KeyValuePair.Create(id, EquatableArray.From(list)));
            foreach (var (s, list) in c.Ports)
                Get(ports, s).AddRange(list.Select(p => KeyValuePair.Create(p.Name, p)));
            foreach (var (s, list) in c.Meters)
                Get(meters, s).AddRange(list.Select(m => KeyValuePair.Create(m.Id, m)));
            owned.AddRange(c.OwnedSwitches);
        }
        var result = new List<KeyValuePair<SwitchId, SwitchState>>(bases.Count + owned.Count);
        foreach (var (id, state) in bases)
        {
            var s = state;
            if (flows.TryGetValue(id, out var f))
                s = s with { Flows = ValueMap<int, EquatableArray<FlowEntry>>.From(s.Flows.Concat(f)) };
            if (ports.TryGetValue(id, out var p))
                s = s with { Ports = ValueMap<string, PortRow>.From(s.Ports.Concat(p)) };
            if (meters.TryGetValue(id, out var m))
                s = s with { Meters = ValueMap<uint, MeterEntry>.From(s.Meters.Concat(m)) };
            result.Add(KeyValuePair.Create(id, s));
        }
        result.AddRange(owned.Select(o => KeyValuePair.Create(o.Id, o)));
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
            foreach (var (s, list) in fresh.Flows)
            {
                if (Get(s) is { } st)
                    touched[s] = st with { Flows = st.Flows.SetItem(newId, EquatableArray.From(list)) };
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

    private static FlowEntry Miss(byte table, FlowAction[] actions) =>
        new(table, Tables.MissPriority, Cookies.Make(CookieKind.Infrastructure, 0, table), Match.Any, EquatableArray.Of(actions));

    private static ValueMap<string, PortRow> PortMap(IEnumerable<PortRow> rows) =>
        ValueMap<string, PortRow>.From(rows.Select(r => KeyValuePair.Create(r.Name, r)));

    private static List<T> Get<T>(Dictionary<SwitchId, List<T>> map, SwitchId id)
    {
        if (!map.TryGetValue(id, out var list))
            map[id] = list = [];
        return list;
    }
}
