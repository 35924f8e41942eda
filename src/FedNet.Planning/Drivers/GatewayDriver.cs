using FedNet.Model;
using FedNet.Planning.Drivers.Internal;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning.Drivers;

/// <summary>
/// The <c>gateway</c> driver: a site's gateway bridge <c>br-gw</c> with the segment trunk, a trunk per VPLS transit
/// and a GRE/VXLAN port per tunnel transit; networks cross it by the paper's VLAN translation (private ↔ public, the
/// destination MAC telling networks apart on a shared public VLAN) or by their own tunnel key, with ARP responders for
/// the remote vifs so no ARP broadcast crosses a transit.
/// </summary>
public sealed class GatewayDriver : IControlDriver
{
    /// <inheritdoc/>
    public string Name => "gateway";

    /// <inheritdoc/>
    public SwitchState SwitchingElement(ControlContext context, NodeRef node)
    {
        ArgumentNullException.ThrowIfNull(context);
        var topology = context.Topology;
        var gw = topology.Sites[node.Site].Gateway;
        var gid = new SwitchId(gw.Name, Ports.GatewayBridge);
        var gref = "node:" + gw.Name;
        var ports = new List<PortRow> { Rows.Trunk(Ports.Segment, (int)Ports.SegmentOfport, gref) };
        for (var t = 0; t < topology.Transits.Length; t++)
        {
            var (a, b) = topology.TransitEnds[t];
            if (a != node.Site && b != node.Site)
                continue;
            var transit = topology.Transits[t];
            var tref = "transit:" + transit.Name;
            if (transit.Kind == TransitKind.Vpls)
            {
                ports.Add(Rows.Trunk(Ports.Vpls(t), (int)(Ports.FirstVplsOfport + t), tref));
            }
            else
            {
                var far = topology.Sites[topology.OtherEnd(t, node.Site)].Gateway;
                var type = transit.TunnelProtocol == TunnelProtocol.Vxlan ? InterfaceType.Vxlan : InterfaceType.Gre;
                ports.Add(Rows.Tunnel(Ports.Tunnel(t), type, far.Underlay.ToString(), gw.Underlay.ToString(),
                    (int)(Ports.FirstTunnelOfport + t), tref));
            }
        }
        return new SwitchState(gid, SwitchRole.Gateway, Rows.SecureBridge(Ports.GatewayBridge, gref), FlowParts.PortMap(ports),
            ValueMap<uint, MeterEntry>.Empty,
            ValueMap<int, EquatableArray<FlowEntry>>.Empty.SetItem(0, EquatableArray.Of(FlowParts.Miss(Tables.Gateway, [Drop.Instance]))));
    }

    /// <inheritdoc/>
    /// <remarks>The network's share of br-gw: nothing of its own until links come.</remarks>
    public void SwitchingElement(ControlContext context, NetworkElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        element.Switch = new SwitchId(element.Node, Ports.GatewayBridge);
    }

    /// <inheritdoc/>
    /// <remarks>A gateway binds no VM.</remarks>
    public void VirtualPort(ControlContext context, NetworkElement element, int vif) =>
        throw new ArgumentException("a gateway has no virtual ports", nameof(vif));

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="LinkHop.Egress"/>: per target the paper's vlan2vlan entry (private VLAN and destination MAC in,
    /// onto the target's transit) and an ARP responder (or ARP to the controller). <see cref="LinkHop.Transit"/>: per
    /// target the entry for frames arriving on the transit, delivering into the site or translating onto the next one.
    /// </remarks>
    public void Link(ControlContext context, NetworkElement element, LinkRef link, ReadOnlySpan<LinkTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        var net = context.Net;
        switch (link.Kind)
        {
            case LinkHop.Egress:
                var vlan = element.Vlan;
                foreach (var target in targets)
                {
                    var w = net.Vifs[target.Vif];
                    element.Flow(new FlowEntry(Tables.Gateway, Tables.ForwardPriority, context.Cookie(CookieKind.GatewayEgress, w.Id),
                        Match.Of(M.InPort(Ports.SegmentOfport), M.Vlan(vlan), M.EthDst(w.Mac)), Translate(context, element, tagged: true, target.Transit)));
                    if (net.Network.Arp == ArpMode.Switch)
                    {
                        element.Flow(new FlowEntry(Tables.Gateway, Tables.GatewayArpPriority, context.Cookie(CookieKind.ArpResponder, w.Id),
                            Match.Of(M.InPort(Ports.SegmentOfport), M.EthType(EtherTypes.Arp), M.Vlan(vlan), M.ArpOp(1), M.ArpTpa(w.Ip)),
                            FlowParts.Responder(context, w, untag: false)));
                    }
                }
                if (targets.Length > 0 && net.Network.Arp == ArpMode.Controller)
                {
                    element.Flow(new FlowEntry(Tables.Gateway, Tables.GatewayArpPriority, context.Cookie(CookieKind.ArpController, 0),
                        Match.Of(M.InPort(Ports.SegmentOfport), M.EthType(EtherTypes.Arp), M.Vlan(vlan), M.ArpOp(1)), FlowParts.ToController));
                }
                break;
            case LinkHop.Transit:
                var tin = link.In;
                var inTunnel = context.Topology.Transits[tin].Kind == TransitKind.Tunnel;
                foreach (var target in targets)
                {
                    var w = net.Vifs[target.Vif];
                    var match = inTunnel
                        ? Match.Of(M.InPort(Ports.FirstTunnelOfport + (uint)tin), M.TunnelId((ulong)net.TunnelKeys[tin]), M.EthDst(w.Mac))
                        : Match.Of(M.InPort(Ports.FirstVplsOfport + (uint)tin), M.Vlan(net.PublicVlans[tin]), M.EthDst(w.Mac));
                    element.Flow(link.Out < 0
                        ? new FlowEntry(Tables.Gateway, Tables.ForwardPriority, context.Cookie(CookieKind.GatewayIngress, w.Id),
                            match, Deliver(context, element.Site, inTunnel))
                        : new FlowEntry(Tables.Gateway, Tables.ForwardPriority, context.Cookie(CookieKind.GatewayTransit, w.Id),
                            match, Translate(context, element, tagged: !inTunnel, link.Out)));
                }
                break;
            default:
                throw new ArgumentException($"the gateway driver has no {link.Kind} link", nameof(link));
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Only <see cref="PolicyScope.Transit"/>: a meter on everything this gateway puts on the transit (the first rate
    /// given for a transit applies).
    /// </remarks>
    public void Policy(ControlContext context, NetworkElement element, PolicyRef policy)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        if (policy.Scope != PolicyScope.Transit)
            throw new ArgumentException($"the gateway driver has no {policy.Scope} policy", nameof(policy));
        var p = context.Net.Policies[policy.Policy];
        if (p.Policy.Rate is null)
            return;
        var meters = element.State as Dictionary<int, PolicySpec> ?? [];
        element.State = meters;
        meters.TryAdd(policy.Transit, p);
    }

    /// <summary>Actions that deliver a frame of this network arriving from a transit into site <paramref name="site"/>.</summary>
    private static EquatableArray<FlowAction> Deliver(ControlContext context, int site, bool fromTunnel)
    {
        if (context.Deliveries.TryGetValue((site, fromTunnel), out var known))
            return known;
        var tag = (ulong)(context.Net.Vlans[site] | Vlan.Present);
        FlowAction[] actions = fromTunnel
            ? [FlowParts.PushDot1Q, new SetField(FieldKind.VlanVid, tag), FlowParts.OutSegment]
            : [new SetField(FieldKind.VlanVid, tag), FlowParts.OutSegment];
        return context.Deliveries[(site, fromTunnel)] = EquatableArray.Of(actions);
    }

    /// <summary>Actions that put a frame of this network onto transit <paramref name="t"/>, metered if a policy says so.</summary>
    private static EquatableArray<FlowAction> Translate(ControlContext context, NetworkElement gateway, bool tagged, int t)
    {
        Meter? meter = null;
        if (gateway.State is Dictionary<int, PolicySpec> meters && meters.TryGetValue(t, out var p))
        {
            meter = new Meter((uint)p.MeterId);
            gateway.Meter(FlowParts.MeterFor(p, p.Policy.Rate!.Value));
        }
        // The actions depend only on the transit and the tagging, not on the gateway or the destination: share them.
        if (context.Translations.TryGetValue((tagged, t), out var known))
            return known;
        var net = context.Net;
        var actions = new List<FlowAction>(4);
        if (meter is not null)
            actions.Add(meter);
        if (context.Topology.Transits[t].Kind == TransitKind.Tunnel)
        {
            if (tagged)
                actions.Add(PopVlan.Instance);
            actions.Add(new SetField(FieldKind.TunnelId, (ulong)net.TunnelKeys[t]));
            actions.Add(new Output(Ports.FirstTunnelOfport + (uint)t));
        }
        else
        {
            if (!tagged)
                actions.Add(FlowParts.PushDot1Q);
            actions.Add(new SetField(FieldKind.VlanVid, (ulong)(net.PublicVlans[t] | Vlan.Present)));
            actions.Add(new Output(Ports.FirstVplsOfport + (uint)t));
        }
        return context.Translations[(tagged, t)] = EquatableArray.From(actions);
    }
}
