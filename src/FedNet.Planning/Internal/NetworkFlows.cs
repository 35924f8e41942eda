using System.Runtime.InteropServices;
using FedNet.Model;
using FedNet.Planning.Drivers;

namespace FedNet.Planning.Internal;

/// <summary>
/// The control layer for one network (the paper's topology allocator, section III.B): decides which elements the
/// network has (a host with its vifs, the gateways on its paths), which vifs reach each other and by which path, and
/// where each policy lands, and asks each node's driver for the four primitives (<see cref="IControlDriver"/>). It
/// never writes a flow, port or meter itself. A pure function of the topology and the network's
/// <see cref="NetworkSpec"/>, so the same spec always yields the same contribution.
/// </summary>
internal sealed partial class NetworkFlows
{
    private readonly Topology _topology;
    private readonly NetworkSpec _net;
    private readonly ControlDrivers _drivers;
    private readonly ControlContext _context;
    private readonly BuildScratch _scratch;
    /// <summary>The network's gateway elements by site, in the order they were opened; sealed once every link is made.</summary>
    private readonly List<(int Site, NetworkElement Element)> _gateways = [];

    private NetworkFlows(Topology topology, NetworkSpec net, ControlDrivers drivers)
    {
        _topology = topology;
        _net = net;
        _drivers = drivers;
        _scratch = BuildScratch.Rent(topology.Sites.Length);
        _context = new ControlContext(topology, net, _scratch);
        // The network's vifs grouped by host, hosts in the order of their first vif.
        for (var i = 0; i < net.Vifs.Count; i++)
        {
            var v = net.Vifs[i];
            if (!_scratch.HostSlots.TryGetValue(v.Host.Name, out var slot))
            {
                _scratch.HostSlots[v.Host.Name] = slot = _scratch.Hosts.Count;
                _scratch.NextHost();
            }
            var local = _scratch.Hosts[slot];
            local.Vifs.Add(v);
            local.Indexes.Add(i);
        }
    }

    public static Contribution Build(Topology topology, NetworkSpec net) => Build(topology, net, ControlDrivers.Default);

    /// <summary>Builds the network's contribution through <paramref name="drivers"/> (tests substitute a recording set).</summary>
    internal static Contribution Build(Topology topology, NetworkSpec net, ControlDrivers drivers)
    {
        var builder = new NetworkFlows(topology, net, drivers);
        foreach (var (vifs, indexes) in builder._scratch.Hosts)
        {
            if (!net.Vlans.ContainsKey(vifs[0].Site))
                continue;
            builder.HostElement(vifs[0].Host, vifs, indexes);
        }
        builder.Gateways();
        foreach (var (_, element) in builder._gateways)
            element.Seal();
        builder._context.Output.Seal();
        return builder._context.Output;
    }

    private bool GatewayOnSegment(int vif) => _context.GatewayOnSegment[vif];

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
        return fromGateway && GatewayOnSegment(to) && _topology.Reachable(fromSite, w.Site)
            && _net.Vlans.ContainsKey(w.Site) && PathAllocated(fromSite, w.Site);
    }

    private bool PathAllocated(int src, int dst)
    {
        var at = (src * _topology.Sites.Length) + dst;
        var known = _scratch.PathAllocated[at];
        if (known != 0)
            return known == 1;
        var ok = true;
        foreach (var t in _topology.Path(src, dst))
        {
            if (!_net.PublicVlans.ContainsKey(t) && !_net.TunnelKeys.ContainsKey(t))
                ok = false;
        }
        _scratch.PathAllocated[at] = ok ? (sbyte)1 : (sbyte)2;
        return ok;
    }

    /// <summary>
    /// A host's element: switching element, the policies that land on it, a virtual port per local vif, and one link to
    /// the segment trunk toward every vif the host's vifs reach (themselves included: ARP for them is answered here).
    /// </summary>
    private void HostElement(Host host, List<VifSpec> local, List<int> indexes)
    {
        var driver = _drivers.For(host.Driver);
        var site = local[0].Site;
        var element = new NetworkElement(_context.Output, host.Name, site, host, local, _net.Vlans[site]);
        element.Stage = ControlPrimitive.SwitchingElement;
        driver.SwitchingElement(_context, element);

        element.Stage = ControlPrimitive.Policy;
        var fromGateway = _topology.Sites[site].Gateway.Segment == host.Segment;
        if (host.Driver == HostDriver.Ovs)
            HostPolicies(driver, element, host, site, fromGateway);
        else
            PortPolicies(driver, element, indexes);

        element.Stage = ControlPrimitive.VirtualPort;
        foreach (var vif in indexes)
            driver.VirtualPort(_context, element, vif);

        element.Stage = ControlPrimitive.Link;
        _scratch.Targets.Clear();
        for (var wi = 0; wi < _net.Vifs.Count; wi++)
        {
            if (Reachable(host, site, fromGateway, wi))
                _scratch.Targets.Add(new LinkTarget(wi));
        }
        driver.Link(_context, element, new LinkRef(LinkHop.Segment), CollectionsMarshal.AsSpan(_scratch.Targets));
        element.Seal();
    }

    /// <summary>
    /// The gateways' links: on every site of the network, egress toward each reachable remote vif over the first transit
    /// of its path; then, walking every path between two sites of the network, each gateway after the first gets a link
    /// for the transit the frames arrive on (deliver into the site, or carry on to the next transit).
    /// </summary>
    private void Gateways()
    {
        foreach (var (site, _) in _net.Vlans)
        {
            _scratch.Targets.Clear();
            for (var wi = 0; wi < _net.Vifs.Count; wi++)
            {
                var w = _net.Vifs[wi];
                if (w.Site == site || !GatewayOnSegment(wi) || !_topology.Reachable(site, w.Site) || !PathAllocated(site, w.Site))
                    continue;
                _scratch.Targets.Add(new LinkTarget(wi, _topology.NextHop[w.Site][site]));
            }
            if (_scratch.Targets.Count > 0)
                GatewayLink(site, new LinkRef(LinkHop.Egress));
        }

        var done = _scratch.GatewayTargetsDone;
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
                    _scratch.Targets.Clear();
                    for (var wi = 0; wi < _net.Vifs.Count; wi++)
                    {
                        var w = _net.Vifs[wi];
                        if (w.Site == dst && GatewayOnSegment(wi) && done.Add((at, tin, w.Mac)))
                            _scratch.Targets.Add(new LinkTarget(wi));
                    }
                    if (_scratch.Targets.Count > 0)
                        GatewayLink(at, new LinkRef(LinkHop.Transit, tin, at == dst ? -1 : _topology.NextHop[dst][at]));
                }
            }
        }
    }

    /// <summary>One link on the gateway of <paramref name="site"/> toward the current targets (<see cref="BuildScratch.Targets"/>).</summary>
    private void GatewayLink(int site, LinkRef link)
    {
        var element = GatewayElement(site);
        element.Stage = ControlPrimitive.Link;
        _drivers.Gateway.Link(_context, element, link, CollectionsMarshal.AsSpan(_scratch.Targets));
    }

    /// <summary>The network's element on the gateway of <paramref name="site"/>, opened (with its policies) on first use.</summary>
    private NetworkElement GatewayElement(int site)
    {
        foreach (var (s, known) in _gateways)
        {
            if (s == site)
                return known;
        }
        var gateway = _topology.Sites[site].Gateway;
        var element = new NetworkElement(_context.Output, gateway.Name, site, null, null, _net.Vlans.GetValueOrDefault(site, -1));
        _gateways.Add((site, element));
        var driver = _drivers.Gateway;
        element.Stage = ControlPrimitive.SwitchingElement;
        driver.SwitchingElement(_context, element);
        element.Stage = ControlPrimitive.Policy;
        TransitPolicies(driver, element, site);
        return element;
    }
}
