using FedNet.Planning.State;

namespace FedNet.Planning.Drivers;

/// <summary>
/// The paper's generic control interface (section III.B): the four primitives the control layer uses to build a
/// virtual network out of switching elements, and the only way it reaches a switch. A driver (the paper's switching
/// element handler, section III.C) decides <em>how</em> each primitive is realised on its kind of node; the caller
/// decides <em>what</em> is asked (which vifs, which pairs reach each other over which path, which policy lands where).
/// Everything a primitive produces goes into the <see cref="ControlContext"/>'s switch-state sink.
/// </summary>
/// <remarks>
/// Call order for one element of a network: <see cref="SwitchingElement(ControlContext, NetworkElement)"/> first, then
/// every <see cref="Policy"/> that lands on the element (so a driver can fold meters and shapers into the ports and
/// links it builds next), then <see cref="VirtualPort"/> for each local vif, then <see cref="Link"/>. Whatever order the
/// calls come in, the flows of one element are kept in the order element, ports, links, policies.
/// docs/planner.md "Generic control interface" has the table of what each driver produces.
/// </remarks>
public interface IControlDriver
{
    /// <summary>The driver's name as the federation description spells it: <c>ovs</c>, <c>bridge-per-network</c>, <c>gateway</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Switching element, node scope: the bridge a node runs whatever networks it carries, with its fixed ports (the
    /// segment trunk, a gateway's transits) and its table-miss flows.
    /// </summary>
    /// <param name="context">The federation (no network).</param>
    /// <param name="node">The node: a host, or a site's gateway.</param>
    SwitchState SwitchingElement(ControlContext context, NodeRef node);

    /// <summary>
    /// Switching element, network scope: the network's element on a node (a learning bridge of its own, or its share
    /// of the node's bridge). Sets <see cref="NetworkElement.Switch"/>, where the network's flows on this node go.
    /// </summary>
    void SwitchingElement(ControlContext context, NetworkElement element);

    /// <summary>Virtual port: binds the network's vif number <paramref name="vif"/> (a VM's interface on this node) to the element.</summary>
    void VirtualPort(ControlContext context, NetworkElement element, int vif);

    /// <summary>
    /// Link: carries the network from this element toward <paramref name="targets"/> (vifs, with the transit each is
    /// reached over where it matters) along the path <paramref name="link"/> names.
    /// </summary>
    void Link(ControlContext context, NetworkElement element, LinkRef link, ReadOnlySpan<LinkTarget> targets);

    /// <summary>Policy: enforces a rate limit on this element, in the scope <paramref name="policy"/> names.</summary>
    void Policy(ControlContext context, NetworkElement element, PolicyRef policy);
}
