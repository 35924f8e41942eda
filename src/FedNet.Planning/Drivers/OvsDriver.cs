using FedNet.Model;
using FedNet.Planning.Drivers.Internal;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning.Drivers;

/// <summary>
/// The <c>ovs</c> driver, the paper's VLAN approach (section III.C): one integration bridge <c>br-int</c> per host,
/// <c>fail_mode=secure</c>, every network a private VLAN on the segment trunk, proactive OpenFlow 1.3 flows
/// (docs/pipeline.md: table 0 ingress, 1 ARP, 2 forwarding).
/// </summary>
public sealed class OvsDriver : IControlDriver
{
    /// <inheritdoc/>
    public string Name => "ovs";

    /// <inheritdoc/>
    public SwitchState SwitchingElement(ControlContext context, NodeRef node)
    {
        var reference = "node:" + node.Name;
        var id = new SwitchId(node.Name, Ports.IntegrationBridge);
        FlowEntry[] misses =
        [
            FlowParts.Miss(Tables.Ingress, [Drop.Instance]),
            FlowParts.Miss(Tables.Arp, [new GotoTable(Tables.Forward)]),
            FlowParts.Miss(Tables.Forward, [Drop.Instance]),
        ];
        return new SwitchState(id, SwitchRole.IntegrationBridge, Rows.SecureBridge(Ports.IntegrationBridge, reference),
            FlowParts.PortMap([Rows.Trunk(Ports.Segment, (int)Ports.SegmentOfport, reference)]),
            ValueMap<uint, MeterEntry>.Empty,
            ValueMap<int, EquatableArray<FlowEntry>>.Empty.SetItem(0, EquatableArray.Of(misses)));
    }

    /// <inheritdoc/>
    /// <remarks>The network's share of <c>br-int</c>: nothing of its own until ports and links come.</remarks>
    public void SwitchingElement(ControlContext context, NetworkElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        element.Switch = new SwitchId(element.Node, Ports.IntegrationBridge);
        element.State = new HostState();
    }

    /// <inheritdoc/>
    /// <remarks>The vif's port, its ingress (anti-spoofing by source MAC, tagging with the private VLAN), the ARP
    /// self-check and local delivery.</remarks>
    public void VirtualPort(ControlContext context, NetworkElement element, int vif)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        var state = (HostState)element.State!;
        var net = context.Net;
        var v = net.Vifs[vif];
        var vlan = element.Vlan;
        var flows = element.Flows;
        // Every local vif's ingress does the same: one shared action list per host.
        state.Ingress ??= Metered(context, element, EquatableArray.Of<FlowAction>(
            FlowParts.PushDot1Q, new SetField(FieldKind.VlanVid, (ulong)(vlan | Vlan.Present)), FlowParts.MarkLocal, FlowParts.ToArp));
        element.Port(Rows.System(Ports.Vif(v.Mac), v.Ofport, Rows.VifReference(v.Key)));
        flows.Add(new FlowEntry(Tables.Ingress, Tables.ForwardPriority, context.Cookie(CookieKind.VifIngress, v.Id),
            Match.Of(M.InPort((uint)v.Ofport), M.EthSrc(v.Mac)), state.Ingress.Value));
        if (net.Network.Arp == ArpMode.Switch)
        {
            // A vif asking for its own address (duplicate address detection, gratuitous ARP) must not get an answer.
            flows.Add(new FlowEntry(Tables.Arp, Tables.ArpSelfPriority, context.Cookie(CookieKind.VifIngress, v.Id),
                Match.Of(M.InPort((uint)v.Ofport), M.EthType(EtherTypes.Arp), M.ArpTpa(v.Ip)), FlowParts.ToForwarding));
        }
        flows.Add(new FlowEntry(Tables.Forward, Tables.ForwardPriority, context.Cookie(CookieKind.LocalDelivery, v.Id),
            FlowParts.ToVif(vlan, v.Mac), EquatableArray.Of<FlowAction>(PopVlan.Instance, new Output((uint)v.Ofport))));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="LinkHop.Segment"/>: admission of the network's VLAN from the trunk, a forwarding entry to the trunk
    /// per target on another node (MAC demultiplexing), an ARP responder per target (or ARP to the controller), and the
    /// network's broadcast inside the site.
    /// </remarks>
    public void Link(ControlContext context, NetworkElement element, LinkRef link, ReadOnlySpan<LinkTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        if (link.Kind != LinkHop.Segment)
            throw new ArgumentException($"the ovs driver has no {link.Kind} link", nameof(link));
        var net = context.Net;
        var host = element.Host!;
        var site = element.Site;
        var vlan = element.Vlan;
        var flows = element.Flows;
        // Frames of this network arriving on the trunk go straight to forwarding (ARP from the trunk is not answered here:
        // it is a broadcast of the site's own network, delivered to the local vifs).
        flows.Add(new FlowEntry(Tables.Ingress, Tables.TrunkPriority, context.Cookie(CookieKind.Infrastructure, 0),
            Match.Of(M.InPort(Ports.SegmentOfport), M.Vlan(vlan)), Metered(context, element, FlowParts.ToForwarding)));

        var othersOnSegment = false;
        foreach (var target in targets)
        {
            var w = net.Vifs[target.Vif];
            if (w.Host.Name != host.Name)
            {
                if (w.Site == site)
                    othersOnSegment = true;
                if (!context.RemoteForwards.TryGetValue((site, w.Id), out var forward))
                {
                    context.RemoteForwards[(site, w.Id)] = forward = new FlowEntry(Tables.Forward, Tables.ForwardPriority,
                        context.Cookie(CookieKind.RemoteForward, w.Id), FlowParts.ToVif(vlan, w.Mac), FlowParts.ToSegment);
                }
                flows.Add(forward);
            }
            if (net.Network.Arp == ArpMode.Switch)
            {
                if (!context.HostResponders.TryGetValue((site, w.Id), out var responder))
                {
                    context.HostResponders[(site, w.Id)] = responder = new FlowEntry(Tables.Arp, Tables.ForwardPriority,
                        context.Cookie(CookieKind.ArpResponder, w.Id),
                        Match.Of(M.Reg0(1), M.EthType(EtherTypes.Arp), M.Vlan(vlan), M.ArpOp(1), M.ArpTpa(w.Ip)),
                        FlowParts.Responder(context, w, untag: true));
                }
                flows.Add(responder);
            }
        }
        if (net.Network.Arp == ArpMode.Controller)
        {
            flows.Add(new FlowEntry(Tables.Arp, Tables.ForwardPriority, context.Cookie(CookieKind.ArpController, 0),
                Match.Of(M.Reg0(1), M.EthType(EtherTypes.Arp), M.Vlan(vlan), M.ArpOp(1)), FlowParts.ToController));
        }

        // Broadcast stays in the site: to the trunk (other hosts of the segment; gateways drop it) and to local vifs.
        var bcast = new List<FlowAction>();
        if (othersOnSegment || context.Topology.HostsBySite[host.Site].Exists(h => h.Name != host.Name && h.Segment == host.Segment
                && h.Driver == HostDriver.BridgePerNetwork))
            bcast.Add(FlowParts.OutSegment);
        bcast.Add(PopVlan.Instance);
        foreach (var v in element.Local)
            bcast.Add(new Output((uint)v.Ofport));
        flows.Add(new FlowEntry(Tables.Forward, Tables.BroadcastPriority, context.Cookie(CookieKind.Broadcast, 0),
            Match.Of(M.Vlan(vlan), M.EthDstMulticast()), EquatableArray.From(bcast)));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="PolicyScope.Network"/>: one meter (the lowest rate given) on every vif ingress and the trunk admission
    /// of the network on this host. <see cref="PolicyScope.Pair"/>: a metered forwarding entry for the direction.
    /// </remarks>
    public void Policy(ControlContext context, NetworkElement element, PolicyRef policy)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        var net = context.Net;
        var p = net.Policies[policy.Policy];
        if (p.Policy.Rate is not { } rate)
            return;
        var state = (HostState)element.State!;
        switch (policy.Scope)
        {
            case PolicyScope.Network:
                if (state.WholePath is not { } known || rate < known.Policy.Rate || (rate == known.Policy.Rate && p.MeterId < known.MeterId))
                    state.WholePath = p;
                break;
            case PolicyScope.Pair:
                var a = net.Vifs[policy.From];
                var b = net.Vifs[policy.To];
                FlowAction[] forward = b.Host.Name == element.Node
                    ? [new Meter((uint)p.MeterId), PopVlan.Instance, new Output((uint)b.Ofport)]
                    : [new Meter((uint)p.MeterId), new Output(Ports.SegmentOfport)];
                element.Flow(new FlowEntry(Tables.Forward, Tables.PolicyPriority, context.Cookie(CookieKind.Policy, p.MeterId),
                    Match.Of(M.Vlan(element.Vlan), M.EthSrc(a.Mac), M.EthDst(b.Mac)), EquatableArray.Of(forward)));
                element.Meter(FlowParts.MeterFor(p, rate));
                break;
            default:
                throw new ArgumentException($"the ovs driver has no {policy.Scope} policy", nameof(policy));
        }
    }

    /// <summary>
    /// <paramref name="actions"/> behind the network's whole-path meter on this host, if it has one. The host's vif
    /// ingress and trunk admission of the network share the meter, so everything the network's vifs on this host send
    /// or receive passes it.
    /// </summary>
    private static EquatableArray<FlowAction> Metered(ControlContext context, NetworkElement element, EquatableArray<FlowAction> actions)
    {
        if (((HostState)element.State!).WholePath is not { } p)
            return actions;
        element.Meter(FlowParts.MeterFor(p, p.Policy.Rate!.Value));
        var list = new List<FlowAction>(actions.Count + 1) { new Meter((uint)p.MeterId) };
        list.AddRange(actions);
        return EquatableArray.From(list);
    }

    private sealed class HostState
    {
        public PolicySpec? WholePath { get; set; }

        public EquatableArray<FlowAction>? Ingress { get; set; }
    }
}
