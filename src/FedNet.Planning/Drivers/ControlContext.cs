using FedNet.Model;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning.Drivers;

/// <summary>
/// What every primitive of one network (or, at node scope, of the federation alone) works in: the topology, the
/// network's allocations, the switch-state sink the primitives write into, and caches of flow parts shared between
/// elements. Flows and actions are immutable records, so identical ones on several switches are one instance: at
/// 10,000 networks the plan holds over two million flows, and this sharing is most of what keeps it in memory.
/// </summary>
public sealed class ControlContext
{
    private readonly NetworkSpec? _net;
    private readonly BuildScratch _scratch;

    internal ControlContext(Topology topology, NetworkSpec? network = null, BuildScratch? scratch = null)
    {
        Topology = topology;
        _net = network;
        _scratch = scratch ?? new BuildScratch();
        if (network is null)
            return;
        GatewayOnSegment = new bool[network.Vifs.Count];
        for (var i = 0; i < network.Vifs.Count; i++)
            GatewayOnSegment[i] = topology.Sites[network.Vifs[i].Site].Gateway.Segment == network.Vifs[i].Host.Segment;
    }

    /// <summary>The network the primitives build, or null at node scope.</summary>
    public NetworkKey? Network => _net?.Key;

    internal Topology Topology { get; }

    internal NetworkSpec Net => _net ?? throw new InvalidOperationException("a node-scope context has no network");

    /// <summary>The sink: what the network adds to the switches.</summary>
    internal Contribution Output { get; } = new();

    /// <summary>Per vif (same index as the spec's vifs): whether its site's gateway is on its segment.</summary>
    internal bool[] GatewayOnSegment { get; } = [];

    // Caches of shared instances (see the class summary). Hosts of one site hold identical entries toward the same vif
    // (same private VLAN, cookie, match and actions), so those hosts share one instance.
    // The caches live only while the network is built: they are the build's scratch, reused by the thread's next network.
    internal Dictionary<(int Vif, bool Untag), EquatableArray<FlowAction>> Responders => _scratch.Responders;
    internal Dictionary<(bool Tagged, int Transit), EquatableArray<FlowAction>> Translations => _scratch.Translations;
    internal Dictionary<(int Site, int Vif), FlowEntry> RemoteForwards => _scratch.RemoteForwards;
    internal Dictionary<(int Site, int Vif), FlowEntry> HostResponders => _scratch.HostResponders;
    internal Dictionary<(int Site, bool FromTunnel), EquatableArray<FlowAction>> Deliveries => _scratch.Deliveries;

    internal ulong Cookie(CookieKind kind, int item) => Cookies.Make(kind, Net.Id, item);
}
