using FedNet.Planning.Drivers.Internal;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning.Drivers;

/// <summary>
/// The <c>bridge-per-network</c> driver, the paper's vSwitches approach (section III.C): a standalone learning bridge
/// <c>bn&lt;vlan&gt;</c> per network present on the host (its vifs and a patch, no flows), patched into <c>br-seg</c>
/// (<c>fail_mode=secure</c>, trunk <c>seg0</c>), whose two flows per network tag and untag its private VLAN.
/// </summary>
public sealed class BridgePerNetworkDriver : IControlDriver
{
    /// <inheritdoc/>
    public string Name => "bridge-per-network";

    /// <inheritdoc/>
    /// <remarks>
    /// br-seg is secure with flows rather than a standalone trunk: only the VLANs of networks on this host pass, only
    /// untagged frames from a network's bridge get its tag, untagged trunk frames go nowhere.
    /// </remarks>
    public SwitchState SwitchingElement(ControlContext context, NodeRef node)
    {
        var reference = "node:" + node.Name;
        var id = new SwitchId(node.Name, Ports.SegmentBridge);
        return new SwitchState(id, SwitchRole.SegmentBridge, Rows.SecureBridge(Ports.SegmentBridge, reference),
            FlowParts.PortMap([Rows.Trunk(Ports.Segment, (int)Ports.SegmentOfport, reference)]),
            ValueMap<uint, MeterEntry>.Empty,
            ValueMap<int, EquatableArray<FlowEntry>>.Empty.SetItem(0, EquatableArray.Of(FlowParts.Miss(Tables.Ingress, [Drop.Instance]))));
    }

    /// <inheritdoc/>
    /// <remarks>The network's own learning bridge with its end of the patch to br-seg.</remarks>
    public void SwitchingElement(ControlContext context, NetworkElement element)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        var vlan = element.Vlan;
        var bridgeName = Ports.NetworkBridge(vlan);
        var reference = Reference(context);
        element.Switch = new SwitchId(element.Node, Ports.SegmentBridge);
        element.Owned = (new SwitchId(element.Node, bridgeName), SwitchRole.NetworkBridge, Rows.LearningBridge(bridgeName, reference),
            [KeyValuePair.Create(Ports.NetworkPatch(vlan), Rows.Patch(Ports.NetworkPatch(vlan), Ports.SegmentPatch(vlan), null, reference))]);
    }

    /// <inheritdoc/>
    /// <remarks>The vif on the learning bridge, with the egress cap the element's policies set (0 = none).</remarks>
    public void VirtualPort(ControlContext context, NetworkElement element, int vif)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        var v = context.Net.Vifs[vif];
        var name = Ports.Vif(v.Mac);
        var kbps = element.State is Dictionary<int, long> shapers ? shapers.GetValueOrDefault(vif) : 0;
        element.Owned!.Value.Ports.Add(KeyValuePair.Create(name, Rows.System(name, v.Ofport, Rows.VifReference(v.Key)) with { EgressMaxRateKbps = kbps }));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="LinkHop.Segment"/>: br-seg's end of the patch and its two flows. br-seg links the network's learning
    /// bridge to the trunk by its private VLAN, and nothing else: a frame a VM sends already tagged (VLAN hopping,
    /// double tagging) is dropped, and only this VLAN comes back in. The targets need nothing: the bridge learns.
    /// </remarks>
    public void Link(ControlContext context, NetworkElement element, LinkRef link, ReadOnlySpan<LinkTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        if (link.Kind != LinkHop.Segment)
            throw new ArgumentException($"the bridge-per-network driver has no {link.Kind} link", nameof(link));
        var vlan = element.Vlan;
        var patch = Ports.SegmentPatchOfport(vlan);
        element.Port(Rows.Patch(Ports.SegmentPatch(vlan), Ports.NetworkPatch(vlan), null, Reference(context), (int)patch));
        element.Flow(new FlowEntry(Tables.Ingress, Tables.ForwardPriority, context.Cookie(CookieKind.Infrastructure, 0),
            Match.Of(M.InPort(patch), M.NoVlan()),
            EquatableArray.Of<FlowAction>(FlowParts.PushDot1Q, new SetField(FieldKind.VlanVid, (ulong)(vlan | Vlan.Present)), FlowParts.OutSegment)));
        element.Flow(new FlowEntry(Tables.Ingress, Tables.TrunkPriority, context.Cookie(CookieKind.Infrastructure, 0),
            Match.Of(M.InPort(Ports.SegmentOfport), M.Vlan(vlan)), EquatableArray.Of<FlowAction>(PopVlan.Instance, new Output(patch))));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Only <see cref="PolicyScope.Port"/>: a learning bridge has no flows to meter, so a rate becomes the egress cap
    /// (kbit/s) of the vif's port, what the vif receives; the lowest rate given for a port applies.
    /// </remarks>
    public void Policy(ControlContext context, NetworkElement element, PolicyRef policy)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(element);
        if (policy.Scope != PolicyScope.Port)
            throw new ArgumentException($"the bridge-per-network driver has no {policy.Scope} policy", nameof(policy));
        if (context.Net.Policies[policy.Policy].Policy.Rate is not { } rate)
            return;
        var shapers = element.State as Dictionary<int, long> ?? [];
        element.State = shapers;
        var k = Math.Max(1, rate / 1000);
        shapers[policy.From] = shapers.TryGetValue(policy.From, out var kbps) ? Math.Min(kbps, k) : k;
    }

    private static string Reference(ControlContext context) => "network:" + context.Net.Key;
}
