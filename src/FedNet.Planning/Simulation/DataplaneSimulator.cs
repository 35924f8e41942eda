using FedNet.Model;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning.Simulation;

/// <summary>
/// A pure packet walk over a plan's desired state: OpenFlow tables for br-int, br-seg and br-gw (highest priority wins,
/// actions in order, goto_table), learning bridges (bn&lt;vlan&gt;) as flooding bridges, segments as hubs, VPLS transits
/// passing only their public VLANs, tunnels carrying the key. It answers "does this frame reach that vif, and what crosses the WAN", which checks
/// reachability and isolation without a switch.
/// </summary>
public sealed class DataplaneSimulator
{
    private const int HopLimit = 256;

    private readonly NetworkPlan _plan;
    private readonly Dictionary<SwitchId, Dictionary<byte, FlowEntry[]>> _tables = [];
    private readonly Dictionary<(string Host, int Ofport), VifSpec> _vifByPort = [];
    private readonly Dictionary<VifKey, VifSpec> _vifs = [];
    private readonly Dictionary<string, string> _nodeSwitch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Site, string Segment)> _nodes = new(StringComparer.Ordinal);

    /// <summary>Prepares a walk over <paramref name="plan"/>.</summary>
    public DataplaneSimulator(NetworkPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plan = plan;
        foreach (var (id, state) in plan.State.Switches)
        {
            _tables[id] = state.AllFlows.GroupBy(f => f.Table)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Priority).ToArray());
        }
        foreach (var spec in plan.Specs.Values)
        {
            foreach (var v in spec.Vifs)
            {
                _vifByPort[(v.Host.Name, v.Ofport)] = v;
                _vifs[v.Key] = v;
            }
        }
        foreach (var site in plan.Topology.Sites)
        {
            foreach (var h in site.Hosts)
            {
                _nodes[h.Name] = (site.Name, h.Segment);
                _nodeSwitch[h.Name] = h.Driver == HostDriver.Ovs ? Ports.IntegrationBridge : Ports.SegmentBridge;
            }
            _nodes[site.Gateway.Name] = (site.Name, site.Gateway.Segment);
            _nodeSwitch[site.Gateway.Name] = Ports.GatewayBridge;
        }
    }

    /// <summary>The allocated MAC of a vif.</summary>
    public ulong MacOf(VifKey vif) => _vifs[vif].Mac;

    /// <summary>The allocated IP of a vif.</summary>
    public uint IpOf(VifKey vif) => _vifs[vif].Ip;

    /// <summary>Every planned vif.</summary>
    public IEnumerable<VifKey> Vifs => _vifs.Keys;

    /// <summary>The network a vif belongs to.</summary>
    public NetworkKey NetworkOf(VifKey vif) => _plan.Specs.Values.First(s => s.Vifs.Exists(v => v.Key.Equals(vif))).Key;

    /// <summary>Sends <paramref name="frame"/> out of <paramref name="from"/>'s interface and follows it everywhere it goes.</summary>
    public SimulationResult Send(VifKey from, Frame frame)
    {
        var v = _vifs[from];
        var delivered = new List<(VifKey, Frame)>();
        var crossings = new List<(string, Frame)>();
        var packetIns = new List<(SwitchId, Frame)>();
        var queue = new Queue<(SwitchId Switch, string InPort, uint InOfport, Frame Frame, int Hops)>();
        var loops = false;

        if (v.Host.Driver == HostDriver.Ovs)
            queue.Enqueue((new SwitchId(v.Host.Name, Ports.IntegrationBridge), Ports.Vif(v.Mac), (uint)v.Ofport, frame, 0));
        else
            queue.Enqueue((new SwitchId(v.Host.Name, Ports.NetworkBridge(NetworkVlan(v))), Ports.Vif(v.Mac), (uint)v.Ofport, frame, 0));

        while (queue.Count > 0)
        {
            var (sw, inPort, inOfport, f, hops) = queue.Dequeue();
            if (hops > HopLimit)
            {
                loops = true;
                continue;
            }
            if (!_plan.State.Switches.TryGetValue(sw, out var state))
                continue;
            var outputs = new List<(string Port, uint Ofport, Frame Frame)>();
            if (state.Role is SwitchRole.IntegrationBridge or SwitchRole.Gateway or SwitchRole.SegmentBridge)
                RunPipeline(sw, state, inOfport, f, outputs, packetIns);
            else
                Normal(state, inPort, f, outputs);
            foreach (var (port, ofport, of) in outputs)
                Wire(sw, state, port, ofport, of, hops, queue, delivered, crossings);
        }
        return new SimulationResult(delivered, crossings, packetIns, loops);
    }

    private int NetworkVlan(VifSpec v) => _plan.Specs.Values.First(s => s.Vifs.Contains(v)).Vlans[v.Site];

    private void RunPipeline(SwitchId sw, SwitchState state, uint inPort, Frame frame, List<(string, uint, Frame)> outputs,
        List<(SwitchId, Frame)> packetIns)
    {
        var tables = _tables[sw];
        var reg0 = 0ul;
        byte table = 0;
        var f = frame;
        for (var steps = 0; steps < 16; steps++)
        {
            if (!tables.TryGetValue(table, out var flows))
                return;
            FlowEntry? hit = null;
            foreach (var flow in flows)
            {
                if (Matches(flow.Match, inPort, reg0, f))
                {
                    hit = flow;
                    break;
                }
            }
            if (hit is null)
                return;
            byte? next = null;
            foreach (var a in hit.Actions)
            {
                switch (a)
                {
                    case Output o:
                        // OpenFlow never sends a frame back out of its in_port unless asked with IN_PORT.
                        if (o.Port != inPort)
                            outputs.Add((PortName(state, o.Port), o.Port, f));
                        break;
                    case OutputInPort:
                        outputs.Add((PortName(state, inPort), inPort, f));
                        break;
                    case PushVlan:
                        f = f with { Vlan = 0 };
                        break;
                    case PopVlan:
                        f = f with { Vlan = null };
                        break;
                    case SetField s:
                        f = Set(f, s.Field, s.Value, ref reg0);
                        break;
                    case Load l:
                        f = Set(f, l.Field, l.Value, ref reg0);
                        break;
                    case Move m:
                        f = Set(f, m.Destination, Get(f, m.Source, inPort, reg0), ref reg0);
                        break;
                    case GotoTable g:
                        next = g.Table;
                        break;
                    case Controller:
                        packetIns.Add((sw, f));
                        break;
                    default:
                        break;
                }
            }
            if (next is not { } n)
                return;
            table = n;
        }
    }

    private static string PortName(SwitchState state, uint ofport)
    {
        foreach (var p in state.Ports.Values)
        {
            if (p.OfportRequest == (int)ofport)
                return p.Name;
        }
        return "";
    }

    private static bool Matches(Match match, uint inPort, ulong reg0, Frame f)
    {
        foreach (var field in match)
        {
            if (field.Field == FieldKind.VlanVid)
            {
                var vid = f.Vlan is { } v ? (ulong)(v | Vlan.Present) : 0;
                if ((vid & (field.Mask ?? ulong.MaxValue)) != field.Value)
                    return false;
                continue;
            }
            if (field.Field is FieldKind.ArpOp or FieldKind.ArpSpa or FieldKind.ArpTpa or FieldKind.ArpSha or FieldKind.ArpTha
                && f.EthType != EtherTypes.Arp)
                return false;
            var value = Get(f, field.Field, inPort, reg0);
            if ((value & (field.Mask ?? ulong.MaxValue)) != field.Value)
                return false;
        }
        return true;
    }

    private static ulong Get(Frame f, FieldKind field, uint inPort, ulong reg0) => field switch
    {
        FieldKind.InPort => inPort,
        FieldKind.Reg0 => reg0,
        FieldKind.TunnelId => f.TunnelId,
        FieldKind.EthDst => f.EthDst,
        FieldKind.EthSrc => f.EthSrc,
        FieldKind.EthType => f.EthType,
        FieldKind.VlanVid => f.Vlan is { } v ? (ulong)(v | Vlan.Present) : 0,
        FieldKind.ArpOp => f.ArpOp,
        FieldKind.ArpSpa => f.ArpSpa,
        FieldKind.ArpTpa => f.ArpTpa,
        FieldKind.ArpSha => f.ArpSha,
        FieldKind.ArpTha => f.ArpTha,
        _ => 0,
    };

    private static Frame Set(Frame f, FieldKind field, ulong value, ref ulong reg0)
    {
        switch (field)
        {
            case FieldKind.Reg0:
                reg0 = value;
                return f;
            case FieldKind.TunnelId:
                return f with { TunnelId = value };
            case FieldKind.EthDst:
                return f with { EthDst = value };
            case FieldKind.EthSrc:
                return f with { EthSrc = value };
            case FieldKind.VlanVid:
                // set_field on an untagged frame is a no-op in OVS: the pipeline must push first.
                return f.Vlan is null ? f : f with { Vlan = (int)(value & 0xFFF) };
            case FieldKind.ArpOp:
                return f with { ArpOp = (ushort)value };
            case FieldKind.ArpSpa:
                return f with { ArpSpa = (uint)value };
            case FieldKind.ArpTpa:
                return f with { ArpTpa = (uint)value };
            case FieldKind.ArpSha:
                return f with { ArpSha = value };
            case FieldKind.ArpTha:
                return f with { ArpTha = value };
            default:
                return f;
        }
    }

    /// <summary>
    /// A flooding bridge (OVS's NORMAL without learning): a port with a tag is an access port (admits untagged frames
    /// into its VLAN, drops tagged ones, delivers its VLAN untagged); a port without one is a trunk (frames pass as they are).
    /// </summary>
    private static void Normal(SwitchState state, string inPort, Frame f, List<(string, uint, Frame)> outputs)
    {
        if (!state.Ports.TryGetValue(inPort, out var ingress))
            return;
        int? vlan;
        if (ingress.Tag is { } tag)
        {
            if (f.Vlan is not null)
                return;
            vlan = tag;
        }
        else
        {
            vlan = f.Vlan;
        }
        foreach (var p in state.Ports.Values)
        {
            if (p.Name == inPort)
                continue;
            if (p.Tag is { } t)
            {
                if (t == vlan)
                    outputs.Add((p.Name, (uint)(p.OfportRequest ?? 0), f with { Vlan = null }));
            }
            else
            {
                outputs.Add((p.Name, (uint)(p.OfportRequest ?? 0), f with { Vlan = vlan }));
            }
        }
    }

    private void Wire(SwitchId sw, SwitchState state, string port, uint ofport, Frame f, int hops,
        Queue<(SwitchId, string, uint, Frame, int)> queue, List<(VifKey, Frame)> delivered, List<(string, Frame)> crossings)
    {
        if (!state.Ports.TryGetValue(port, out var row))
            return;
        var node = sw.Node;
        if (row.Type == InterfaceType.Patch)
        {
            var peer = row.Options["peer"];
            foreach (var (id, other) in _plan.State.Switches)
            {
                if (id.Node == node && other.Ports.TryGetValue(peer, out var p))
                    queue.Enqueue((id, peer, (uint)(p.OfportRequest ?? 0), f, hops + 1));
            }
            return;
        }
        if (port == Ports.Segment)
        {
            var (site, segment) = _nodes[node];
            foreach (var (other, where) in _nodes)
            {
                if (other == node || where != (site, segment))
                    continue;
                queue.Enqueue((new SwitchId(other, _nodeSwitch[other]), Ports.Segment, Ports.SegmentOfport, f, hops + 1));
            }
            return;
        }
        if (state.Role == SwitchRole.Gateway && row.Type != InterfaceType.System || port.StartsWith("tr", StringComparison.Ordinal))
        {
            var topo = _plan.Topology;
            var t = (int)(ofport >= Ports.FirstTunnelOfport ? ofport - Ports.FirstTunnelOfport : ofport - Ports.FirstVplsOfport);
            var transit = topo.Transits[t];
            var here = topo.SiteIndex[_nodes[node].Site];
            var far = topo.Sites[topo.OtherEnd(t, here)].Gateway.Name;
            if (transit.Kind == TransitKind.Vpls && (f.Vlan is not { } v || !transit.PublicVlans.Contains(v)))
                return;
            crossings.Add((transit.Name, f));
            var wire = transit.Kind == TransitKind.Tunnel ? f : f with { TunnelId = 0 };
            queue.Enqueue((new SwitchId(far, Ports.GatewayBridge), port, ofport, wire, hops + 1));
            return;
        }
        var hostName = node;
        if (row.OfportRequest is { } op && _vifByPort.TryGetValue((hostName, op), out var vif))
            delivered.Add((vif.Key, f with { TunnelId = 0 }));
    }
}
