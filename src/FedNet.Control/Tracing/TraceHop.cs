namespace FedNet.Control.Tracing;

/// <summary>Where a frame left a switch, and what that port leads to.</summary>
/// <param name="Port">OpenFlow port number (<see cref="uint.MaxValue"/> for the controller).</param>
/// <param name="PortName">The port's name (<c>seg0</c>, <c>tr0</c>, <c>tn1</c>, <c>vf000001</c>, <c>IN_PORT</c>, <c>CONTROLLER</c>).</param>
/// <param name="Vlan">The frame's VLAN as it left, or null when untagged.</param>
/// <param name="TunnelId">The tunnel key set on it, when it left through a tunnel.</param>
/// <param name="LeadsTo">What is behind the port, in words (segment, VPLS, tunnel with its far gateway, a VM).</param>
public sealed record TraceOutput(uint Port, string PortName, int? Vlan, ulong? TunnelId, string LeadsTo);

/// <summary>One switch on the path: the frame as it entered, the flows it hit, where it left.</summary>
/// <param name="Node">Host or gateway.</param>
/// <param name="Bridge">The bridge traced.</param>
/// <param name="InPort">The port it entered on.</param>
/// <param name="InPortName">That port's name.</param>
/// <param name="Flow">The flow given to <c>ofproto/trace</c>.</param>
/// <param name="Rules">The flows hit, in order.</param>
/// <param name="Outputs">Where the frame left (none: dropped here).</param>
/// <param name="DatapathActions">OVS's datapath actions summary.</param>
public sealed record TraceHop(string Node, string Bridge, uint InPort, string InPortName, string Flow, IReadOnlyList<TraceRule> Rules,
    IReadOnlyList<TraceOutput> Outputs, string DatapathActions)
{
    /// <summary>True when the frame left the switch.</summary>
    public bool Forwarded => Outputs.Count > 0;
}
