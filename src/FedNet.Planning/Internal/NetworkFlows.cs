using System.Runtime.InteropServices;
using FedNet.Model;
using FedNet.Planning.State;

namespace FedNet.Planning.Internal;

/// <summary>
/// Computes one network's contribution to every switch: host flows (ovs driver), learning bridges (bridge-per-network
/// driver) and gateway translation/ARP proxy flows along the network's paths. A pure function of the topology and the
/// network's <see cref="NetworkSpec"/>, so the same spec always yields the same contribution.
/// </summary>
internal sealed partial class NetworkFlows
{
    private readonly Topology _topology;
    private readonly NetworkSpec _net;
    private readonly Contribution _out = new();
    private readonly Dictionary<string, List<VifSpec>> _vifsByHost = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Vif, bool Untag), EquatableArray<FlowAction>> _responders = [];
    private readonly Dictionary<(int Src, int Dst), bool> _pathAllocated = [];
    private readonly Dictionary<(bool Tagged, int Transit), EquatableArray<FlowAction>> _translations = [];
    // Hosts of one site hold identical entries toward the same vif (same private VLAN, cookie, match and actions):
    // flows are immutable records, so those hosts share one instance (a quarter of a network's flows at 2 hosts a site).
    private readonly Dictionary<(int Site, ulong Mac), Match> _toVif = [];
    private readonly Dictionary<(int Site, int Vif), FlowEntry> _remoteForwards = [];
    private readonly Dictionary<(int Site, int Vif), FlowEntry> _hostResponders = [];
    private readonly Dictionary<(int Site, bool FromTunnel), EquatableArray<FlowAction>> _deliveries = [];
    /// <summary>Per vif (same index as the spec's vifs): whether its site's gateway is on its segment.</summary>
    private readonly bool[] _gatewayOnSegment;

    private static readonly EquatableArray<FlowAction> ToSegment = EquatableArray.Of<FlowAction>(new Output(Ports.SegmentOfport));
    private static readonly EquatableArray<FlowAction> ToForwarding = EquatableArray.Of<FlowAction>(new GotoTable(Tables.Forward));
    private static readonly EquatableArray<FlowAction> ToController = EquatableArray.Of<FlowAction>(new Controller());
    private static readonly PushVlan PushDot1Q = new();
    private static readonly Load MarkLocal = new(FieldKind.Reg0, 1);
    private static readonly GotoTable ToArp = new(Tables.Arp);
    private static readonly Output OutSegment = new(Ports.SegmentOfport);
    private static readonly Move SwapEth = new(FieldKind.EthSrc, FieldKind.EthDst);
    private static readonly SetField ArpReply = new(FieldKind.ArpOp, 2);
    private static readonly Move ShaToTha = new(FieldKind.ArpSha, FieldKind.ArpTha);
    private static readonly Move SpaToTpa = new(FieldKind.ArpSpa, FieldKind.ArpTpa);

    private NetworkFlows(Topology topology, NetworkSpec net)
    {
        _topology = topology;
        _net = net;
        _gatewayOnSegment = new bool[net.Vifs.Count];
        for (var i = 0; i < net.Vifs.Count; i++)
            _gatewayOnSegment[i] = topology.Sites[net.Vifs[i].Site].Gateway.Segment == net.Vifs[i].Host.Segment;
        foreach (var v in net.Vifs)
        {
            if (!_vifsByHost.TryGetValue(v.Host.Name, out var list))
                _vifsByHost[v.Host.Name] = list = [];
            list.Add(v);
        }
    }

    public static Contribution Build(Topology topology, NetworkSpec net)
    {
        var builder = new NetworkFlows(topology, net);
        foreach (var (host, vifs) in builder._vifsByHost)
        {
            var h = vifs[0].Host;
            if (!net.Vlans.ContainsKey(vifs[0].Site))
                continue;
            if (h.Driver == HostDriver.Ovs)
                builder.OvsHost(h, vifs);
            else
                builder.BridgePerNetworkHost(h, vifs);
        }
        builder.Gateways();
        return builder._out;
    }

    private ulong Cookie(CookieKind kind, int item) => Cookies.Make(kind, _net.Id, item);

    /// <summary>
    /// True when a frame can go from a vif on <paramref name="from"/> (in site <paramref name="fromSite"/>, gateway on its
    /// segment or not) to the network's vif number <paramref name="to"/>.
    /// </summary>
    private bool Reachable(Host from, int fromSite, bool fromGateway, int to)
    {
        var w = _net.Vifs[to];
        if (w.Host.Name == from.Name)
            return true;
        if (w.Site == fromSite)
            return w.Host.Segment == from.Segment;
        return fromGateway && _gatewayOnSegment[to] && _topology.Reachable(fromSite, w.Site)
            && _net.Vlans.ContainsKey(w.Site) && PathAllocated(fromSite, w.Site);
    }

    private bool PathAllocated(int src, int dst)
    {
        if (_pathAllocated.TryGetValue((src, dst), out var known))
            return known;
        var ok = true;
        foreach (var t in _topology.Path(src, dst))
        {
            if (!_net.PublicVlans.ContainsKey(t) && !_net.TunnelKeys.ContainsKey(t))
                ok = false;
        }
        _pathAllocated[(src, dst)] = ok;
        return ok;
    }

    private void OvsHost(Host host, List<VifSpec> local)
    {
        var id = new SwitchId(host.Name, Ports.IntegrationBridge);
        var site = local[0].Site;
        var vlan = _net.Vlans[site];
        var tag = (ulong)(vlan | Vlan.Present);
        var flows = _out.FlowsOf(id);
        // Every local vif's ingress does the same: one shared action list per host.
        var ingress = Metered(id, EquatableArray.Of<FlowAction>(PushDot1Q, new SetField(FieldKind.VlanVid, tag), MarkLocal, ToArp));
        var fromGateway = _topology.Sites[site].Gateway.Segment == host.Segment;

        foreach (var v in local)
        {
            _out.Port(id, Rows.System(Ports.Vif(v.Mac), v.Ofport, "vif:" + v.Key));
            flows.Add(new FlowEntry(Tables.Ingress, Tables.ForwardPriority, Cookie(CookieKind.VifIngress, v.Id),
                Match.Of(M.InPort((uint)v.Ofport), M.EthSrc(v.Mac)), ingress));
            if (_net.Network.Arp == ArpMode.Switch)
            {
                // A vif asking for its own address (duplicate address detection, gratuitous ARP) must not get an answer.
                flows.Add(new FlowEntry(Tables.Arp, Tables.ArpSelfPriority, Cookie(CookieKind.VifIngress, v.Id),
                    Match.Of(M.InPort((uint)v.Ofport), M.EthType(EtherTypes.Arp), M.ArpTpa(v.Ip)), ToForwarding));
            }
            flows.Add(new FlowEntry(Tables.Forward, Tables.ForwardPriority, Cookie(CookieKind.LocalDelivery, v.Id),
                ToVif(site, vlan, v.Mac), EquatableArray.Of<FlowAction>(PopVlan.Instance, new Output((uint)v.Ofport))));
        }

        // Frames of this network arriving on the trunk go straight to forwarding (ARP from the trunk is not answered here:
        // it is a broadcast of the site's own network, delivered to the local vifs).
        flows.Add(new FlowEntry(Tables.Ingress, Tables.TrunkPriority, Cookie(CookieKind.Infrastructure, 0),
            Match.Of(M.InPort(Ports.SegmentOfport), M.Vlan(vlan)), Metered(id, ToForwarding)));

        var othersOnSegment = false;
        for (var wi = 0; wi < _net.Vifs.Count; wi++)
        {
            if (!Reachable(host, site, fromGateway, wi))
                continue;
            var w = _net.Vifs[wi];
            if (w.Host.Name != host.Name)
            {
                if (w.Site == site)
                    othersOnSegment = true;
                if (!_remoteForwards.TryGetValue((site, w.Id), out var forward))
                {
                    _remoteForwards[(site, w.Id)] = forward = new FlowEntry(Tables.Forward, Tables.ForwardPriority,
                        Cookie(CookieKind.RemoteForward, w.Id), ToVif(site, vlan, w.Mac), ToSegment);
                }
                flows.Add(forward);
            }
            if (_net.Network.Arp == ArpMode.Switch)
            {
                if (!_hostResponders.TryGetValue((site, w.Id), out var responder))
                {
                    _hostResponders[(site, w.Id)] = responder = new FlowEntry(Tables.Arp, Tables.ForwardPriority,
                        Cookie(CookieKind.ArpResponder, w.Id),
                        Match.Of(M.Reg0(1), M.EthType(EtherTypes.Arp), M.Vlan(vlan), M.ArpOp(1), M.ArpTpa(w.Ip)),
                        Responder(w, untag: true));
                }
                flows.Add(responder);
            }
        }
        if (_net.Network.Arp == ArpMode.Controller)
        {
            flows.Add(new FlowEntry(Tables.Arp, Tables.ForwardPriority, Cookie(CookieKind.ArpController, 0),
                Match.Of(M.Reg0(1), M.EthType(EtherTypes.Arp), M.Vlan(vlan), M.ArpOp(1)), ToController));
        }

        // Broadcast stays in the site: to the trunk (other hosts of the segment; gateways drop it) and to local vifs.
        var bcast = new List<FlowAction>();
        if (othersOnSegment || _topology.HostsBySite[host.Site].Exists(h => h.Name != host.Name && h.Segment == host.Segment
                && h.Driver == HostDriver.BridgePerNetwork))
            bcast.Add(OutSegment);
        bcast.Add(PopVlan.Instance);
        foreach (var v in local)
            bcast.Add(new Output((uint)v.Ofport));
        flows.Add(new FlowEntry(Tables.Forward, Tables.BroadcastPriority, Cookie(CookieKind.Broadcast, 0),
            Match.Of(M.Vlan(vlan), M.EthDstMulticast()), EquatableArray.From(bcast)));

        HostPolicies(id, host, site, fromGateway, local, vlan);
    }

    private void BridgePerNetworkHost(Host host, List<VifSpec> local)
    {
        var vlan = _net.Vlans[local[0].Site];
        var seg = new SwitchId(host.Name, Ports.SegmentBridge);
        var bridgeName = Ports.NetworkBridge(vlan);
        var reference = "network:" + _net.Key;
        var patch = Ports.SegmentPatchOfport(vlan);
        _out.Port(seg, Rows.Patch(Ports.SegmentPatch(vlan), Ports.NetworkPatch(vlan), null, reference, (int)patch));
        // br-seg links the network's learning bridge to the trunk by its private VLAN, and nothing else: a frame a VM
        // sends already tagged (VLAN hopping, double tagging) is dropped, and only this VLAN comes back in.
        var flows = _out.FlowsOf(seg);
        flows.Add(new FlowEntry(Tables.Ingress, Tables.ForwardPriority, Cookie(CookieKind.Infrastructure, 0),
            Match.Of(M.InPort(patch), M.NoVlan()),
            EquatableArray.Of<FlowAction>(PushDot1Q, new SetField(FieldKind.VlanVid, (ulong)(vlan | Vlan.Present)), OutSegment)));
        flows.Add(new FlowEntry(Tables.Ingress, Tables.TrunkPriority, Cookie(CookieKind.Infrastructure, 0),
            Match.Of(M.InPort(Ports.SegmentOfport), M.Vlan(vlan)), EquatableArray.Of<FlowAction>(PopVlan.Instance, new Output(patch))));

        var ports = new List<KeyValuePair<string, PortRow>>
        {
            KeyValuePair.Create(Ports.NetworkPatch(vlan), Rows.Patch(Ports.NetworkPatch(vlan), Ports.SegmentPatch(vlan), null, reference)),
        };
        foreach (var v in local)
        {
            var name = Ports.Vif(v.Mac);
            ports.Add(KeyValuePair.Create(name, Rows.System(name, v.Ofport, "vif:" + v.Key) with { EgressMaxRateKbps = ShaperKbps(v) }));
        }
        _out.OwnedSwitches.Add(new SwitchState(
            new SwitchId(host.Name, bridgeName),
            SwitchRole.NetworkBridge,
            Rows.LearningBridge(bridgeName, reference),
            ValueMap<string, PortRow>.From(ports),
            ValueMap<uint, MeterEntry>.Empty,
            ValueMap<int, EquatableArray<FlowEntry>>.Empty));
    }

    private void Gateways()
    {
        var arp = _net.Network.Arp;
        // Site side: the paper's vlan2vlan entries toward every reachable remote vif, plus the ARP proxy.
        foreach (var (site, vlan) in _net.Vlans)
        {
            var gw = _topology.Sites[site].Gateway;
            var id = new SwitchId(gw.Name, Ports.GatewayBridge);
            List<FlowEntry>? flows = null;
            var any = false;
            for (var wi = 0; wi < _net.Vifs.Count; wi++)
            {
                var w = _net.Vifs[wi];
                if (w.Site == site || !_gatewayOnSegment[wi] || !_topology.Reachable(site, w.Site) || !PathAllocated(site, w.Site))
                    continue;
                var t = _topology.NextHop[w.Site][site];
                any = true;
                flows ??= _out.FlowsOf(id);
                flows.Add(new FlowEntry(Tables.Gateway, Tables.ForwardPriority, Cookie(CookieKind.GatewayEgress, w.Id),
                    Match.Of(M.InPort(Ports.SegmentOfport), M.Vlan(vlan), M.EthDst(w.Mac)), Translate(id, tagged: true, t)));
                if (arp == ArpMode.Switch)
                {
                    flows.Add(new FlowEntry(Tables.Gateway, Tables.GatewayArpPriority, Cookie(CookieKind.ArpResponder, w.Id),
                        Match.Of(M.InPort(Ports.SegmentOfport), M.EthType(EtherTypes.Arp), M.Vlan(vlan), M.ArpOp(1), M.ArpTpa(w.Ip)),
                        Responder(w, untag: false)));
                }
            }
            if (any && arp == ArpMode.Controller)
            {
                _out.Flow(id, new FlowEntry(Tables.Gateway, Tables.GatewayArpPriority, Cookie(CookieKind.ArpController, 0),
                    Match.Of(M.InPort(Ports.SegmentOfport), M.EthType(EtherTypes.Arp), M.Vlan(vlan), M.ArpOp(1)),
                    ToController));
            }
        }

        // Transit side: walk every path between two sites of the network; each gateway after the first gets an entry
        // per destination vif for the transit the frame arrives on (deliver into the site, or carry on to the next transit).
        var done = new HashSet<(int Gateway, int In, ulong Mac)>();
        foreach (var src in _net.Sites)
        {
            foreach (var dst in _net.Sites)
            {
                if (src == dst || !_topology.Reachable(src, dst) || !PathAllocated(src, dst))
                    continue;
                var at = src;
                foreach (var tin in _topology.Path(src, dst))
                {
                    at = _topology.OtherEnd(tin, at);
                    var gw = _topology.Sites[at].Gateway;
                    var id = new SwitchId(gw.Name, Ports.GatewayBridge);
                    for (var wi = 0; wi < _net.Vifs.Count; wi++)
                    {
                        var w = _net.Vifs[wi];
                        if (w.Site != dst || !_gatewayOnSegment[wi] || !done.Add((at, tin, w.Mac)))
                            continue;
                        var inTunnel = _topology.Transits[tin].Kind == TransitKind.Tunnel;
                        var match = inTunnel
                            ? Match.Of(M.InPort(Ports.FirstTunnelOfport + (uint)tin), M.TunnelId((ulong)_net.TunnelKeys[tin]), M.EthDst(w.Mac))
                            : Match.Of(M.InPort(Ports.FirstVplsOfport + (uint)tin), M.Vlan(_net.PublicVlans[tin]), M.EthDst(w.Mac));
                        if (at == dst)
                        {
                            _out.Flow(id, new FlowEntry(Tables.Gateway, Tables.ForwardPriority, Cookie(CookieKind.GatewayIngress, w.Id),
                                match, Deliver(dst, inTunnel)));
                        }
                        else
                        {
                            var tout = _topology.NextHop[dst][at];
                            _out.Flow(id, new FlowEntry(Tables.Gateway, Tables.ForwardPriority, Cookie(CookieKind.GatewayTransit, w.Id),
                                match, Translate(id, tagged: !inTunnel, tout)));
                        }
                    }
                }
            }
        }
    }

    /// <summary>The match on this network's private VLAN in <paramref name="site"/> and destination <paramref name="mac"/>.</summary>
    private Match ToVif(int site, int vlan, ulong mac)
    {
        if (!_toVif.TryGetValue((site, mac), out var match))
            _toVif[(site, mac)] = match = Match.Of(M.Vlan(vlan), M.EthDst(mac));
        return match;
    }

    /// <summary>Actions that deliver a frame of this network arriving from a transit into site <paramref name="site"/>.</summary>
    private EquatableArray<FlowAction> Deliver(int site, bool fromTunnel)
    {
        if (_deliveries.TryGetValue((site, fromTunnel), out var known))
            return known;
        var tag = (ulong)(_net.Vlans[site] | Vlan.Present);
        FlowAction[] actions = fromTunnel
            ? [PushDot1Q, new SetField(FieldKind.VlanVid, tag), OutSegment]
            : [new SetField(FieldKind.VlanVid, tag), OutSegment];
        return _deliveries[(site, fromTunnel)] = EquatableArray.Of(actions);
    }

    /// <summary>Actions that put a frame of this network onto transit <paramref name="t"/>, metered if a policy says so.</summary>
    private EquatableArray<FlowAction> Translate(SwitchId gateway, bool tagged, int t)
    {
        Meter? meter = null;
        foreach (var p in _net.Policies)
        {
            if (p.Transit == t && p.Policy.Rate is { } rate)
            {
                meter = new Meter((uint)p.MeterId);
                _out.Meter(gateway, MeterFor(p, rate));
                break;
            }
        }
        // The actions depend only on the transit and the tagging, not on the gateway or the destination: share them.
        if (_translations.TryGetValue((tagged, t), out var known))
            return known;
        var actions = new List<FlowAction>(4);
        if (meter is not null)
            actions.Add(meter);
        if (_topology.Transits[t].Kind == TransitKind.Tunnel)
        {
            if (tagged)
                actions.Add(PopVlan.Instance);
            actions.Add(new SetField(FieldKind.TunnelId, (ulong)_net.TunnelKeys[t]));
            actions.Add(new Output(Ports.FirstTunnelOfport + (uint)t));
        }
        else
        {
            if (!tagged)
                actions.Add(PushDot1Q);
            actions.Add(new SetField(FieldKind.VlanVid, (ulong)(_net.PublicVlans[t] | Vlan.Present)));
            actions.Add(new Output(Ports.FirstVplsOfport + (uint)t));
        }
        return _translations[(tagged, t)] = EquatableArray.From(actions);
    }

    /// <summary>
    /// The in-switch ARP responder (DESIGN mechanism 5, as in reference/gateway-flows.sh): turns the request into the
    /// reply for <paramref name="w"/> and sends it back where it came from.
    /// </summary>
    private EquatableArray<FlowAction> Responder(VifSpec w, bool untag)
    {
        if (_responders.TryGetValue((w.Id, untag), out var known))
            return known;
        // Only three actions depend on the vif; the rest are shared instances (records are immutable), and the host and
        // gateway variants share the vif's three: a responder per vif on every host and gateway is millions of objects.
        FlowAction setEthSrc, setArpSha, setArpSpa;
        if (_responders.TryGetValue((w.Id, !untag), out var other))
        {
            setEthSrc = other[1];
            setArpSha = other[5];
            setArpSpa = other[6];
        }
        else
        {
            setEthSrc = new SetField(FieldKind.EthSrc, w.Mac);
            setArpSha = new SetField(FieldKind.ArpSha, w.Mac);
            setArpSpa = new SetField(FieldKind.ArpSpa, w.Ip);
        }
        FlowAction[] actions = untag
            ? [SwapEth, setEthSrc, ArpReply, ShaToTha, SpaToTpa, setArpSha, setArpSpa, PopVlan.Instance, OutputInPort.Instance]
            : [SwapEth, setEthSrc, ArpReply, ShaToTha, SpaToTpa, setArpSha, setArpSpa, OutputInPort.Instance];
        return _responders[(w.Id, untag)] = new EquatableArray<FlowAction>(ImmutableCollectionsMarshal.AsImmutableArray(actions));
    }
}
