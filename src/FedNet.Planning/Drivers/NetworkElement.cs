using FedNet.Model;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning.Drivers;

/// <summary>
/// One network's switching element on one node: where its flows, ports and meters on that node are collected until the
/// control layer seals the element into the network's contribution.
/// </summary>
public sealed class NetworkElement
{
    private readonly Contribution _output;
    private List<FlowEntry>? _flows;
    // A policy is given before the ports and links it meters, its flows still come after theirs: held back until sealed.
    private List<FlowEntry>? _policyFlows;

    internal NetworkElement(Contribution output, string node, int site, Host? host, List<VifSpec>? local, int vlan)
    {
        _output = output;
        Node = node;
        Site = site;
        Host = host;
        Local = local ?? [];
        Vlan = vlan;
    }

    /// <summary>The node (host or gateway) the element is on.</summary>
    public string Node { get; }

    /// <summary>The node's site (index in the federation).</summary>
    public int Site { get; }

    /// <summary>The shared switch of the node that holds the network's flows (set by the driver's switching element).</summary>
    public SwitchId Switch { get; internal set; }

    /// <summary>The host, or null for a gateway.</summary>
    internal Host? Host { get; }

    /// <summary>The network's vifs on this host (empty on a gateway).</summary>
    internal List<VifSpec> Local { get; }

    /// <summary>The network's private VLAN in this element's site; -1 where it has none.</summary>
    internal int Vlan { get; }

    /// <summary>What the driver keeps between the primitives of this element (its own type per driver).</summary>
    internal object? State { get; set; }

    /// <summary>A switch of the network's own (a learning bridge), with its ports, built when the element is sealed.</summary>
    internal (SwitchId Id, SwitchRole Role, BridgeRow Bridge, List<KeyValuePair<string, PortRow>> Ports)? Owned { get; set; }

    internal ControlPrimitive Stage { get; set; }

    /// <summary>
    /// Adds <paramref name="flow"/> to <see cref="Switch"/>: flows come in the order the primitives emit them, except
    /// those of <see cref="IControlDriver.Policy"/>, which follow all the element's others.
    /// </summary>
    internal void Flow(FlowEntry flow)
    {
        if (Stage == ControlPrimitive.Policy)
            (_policyFlows ??= []).Add(flow);
        else
            (_flows ??= _output.FlowsOf(Switch)).Add(flow);
    }

    /// <summary>The flow list of <see cref="Switch"/>, to add many flows without a check each (not for policies).</summary>
    internal List<FlowEntry> Flows => _flows ??= _output.FlowsOf(Switch);

    internal void Port(PortRow port) => _output.Port(Switch, port);

    internal void Port(SwitchId id, PortRow port) => _output.Port(id, port);

    internal void Meter(MeterEntry meter) => _output.Meter(Switch, meter);

    /// <summary>Moves the held-back policy flows and the owned switch into the contribution.</summary>
    internal void Seal()
    {
        if (_policyFlows is not null)
            Flows.AddRange(_policyFlows);
        if (Owned is { } o)
        {
            _output.OwnedSwitches.Add(new SwitchState(o.Id, o.Role, o.Bridge, ValueMap<string, PortRow>.From(o.Ports),
                ValueMap<uint, MeterEntry>.Empty, ValueMap<int, EquatableArray<FlowEntry>>.Empty));
        }
    }
}

/// <summary>The primitive being called (flows of <see cref="Policy"/> are emitted last on an element).</summary>
internal enum ControlPrimitive
{
    SwitchingElement,
    VirtualPort,
    Link,
    Policy,
}
