using System.Diagnostics;
using System.Globalization;
using FedNet.Control.Tracing.Internal;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;
using FedNet.Planning.State;

namespace FedNet.Control.Tracing;

/// <summary>
/// <c>fednet trace</c>: builds the frame a VM would send to another (ICMP echo, or an ARP request), asks each switch on
/// the way what it does with it (<c>ovs-appctl ofproto/trace</c> over the switch's own unixctl socket), and follows
/// the output port to the next switch: a trunk to the nodes of the segment, a VPLS port to the far gateway (only the
/// transit's public VLANs pass), a tunnel port to the far gateway with the key, a vif port to its VM. Read-only.
/// </summary>
public sealed class PathTracer
{
    private const int MaxHops = 24;
    private readonly NetworkPlan _plan;
    private readonly LabState _lab;
    private readonly Func<string, string, string, CancellationToken, Task<string>> _trace;
    private readonly IReadOnlyList<VifPlacement> _vifs;

    /// <summary>A tracer over the switches of a running lab that enforces <paramref name="plan"/>.</summary>
    public PathTracer(NetworkPlan plan, LabState lab)
        : this(plan, lab, null)
    {
    }

    /// <summary>Test seam: <paramref name="trace"/>(vswitchd control socket, bridge, flow) returns <c>ofproto/trace</c>'s text.</summary>
    internal PathTracer(NetworkPlan plan, LabState lab, Func<string, string, string, CancellationToken, Task<string>>? trace)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(lab);
        _plan = plan;
        _lab = lab;
        _trace = trace ?? AppctlTraceAsync;
        _vifs = VifPlacement.All(plan);
    }

    /// <summary>
    /// Finds a vif by endpoint name (<c>alpha.web</c>, <c>school.portal.back</c>), or by a prefix that names one VM
    /// (<c>school.portal</c>): then the interface that shares a network with <paramref name="peer"/>, if given.
    /// </summary>
    public VifPlacement Resolve(string name, string? peer = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_vifs.FirstOrDefault(v => v.Name == name) is { } exact)
            return exact;
        var candidates = _vifs.Where(v => v.Name.StartsWith(name + ".", StringComparison.Ordinal)
            || v.Name.EndsWith("." + name, StringComparison.Ordinal)).ToList();
        if (candidates.Count > 1 && peer is not null)
        {
            var peerNetworks = _vifs.Where(v => v.Name == peer || v.Name.StartsWith(peer + ".", StringComparison.Ordinal)
                || v.Name.EndsWith("." + peer, StringComparison.Ordinal)).Select(v => v.Network).ToHashSet();
            var shared = candidates.Where(c => peerNetworks.Contains(c.Network)).ToList();
            if (shared.Count >= 1)
                candidates = shared;
        }
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new ControlException($"no VM interface named '{name}'; known: {string.Join(", ", _vifs.Select(v => v.Name))}"),
            _ => throw new ControlException($"'{name}' is ambiguous: {string.Join(", ", candidates.Select(c => c.Name))}"),
        };
    }

    /// <summary>Traces a frame from <paramref name="from"/> to <paramref name="to"/> (names as <see cref="Resolve"/> takes them).</summary>
    public Task<TraceResult> TraceAsync(string from, string to, bool arp = false, CancellationToken cancellationToken = default) =>
        TraceAsync(Resolve(from, to), Resolve(to, from), arp, cancellationToken);

    /// <summary>Traces a frame from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<TraceResult> TraceAsync(VifPlacement from, VifPlacement to, bool arp = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var frame = arp
            ? new Frame("arp", from.MacText, "ff:ff:ff:ff:ff:ff", $"arp_op=1,arp_spa={from.IpText},arp_tpa={to.IpText},arp_sha={from.MacText}", null, null)
            : new Frame("icmp", from.MacText, to.MacText, $"nw_src={from.IpText},nw_dst={to.IpText},nw_ttl=64,icmp_type=8,icmp_code=0", null, null);
        var hops = new List<TraceHop>();
        var visited = new HashSet<(string, uint, int?, ulong?)>();
        var queue = new Queue<Step>();
        queue.Enqueue(new Step(from.Host, OfportOf(from), frame, null));
        var reached = false;
        string? verdict = null;
        TraceHop? droppedAt = null;
        var declined = new List<(Step Step, TraceHop Hop)>();
        var segmentAccepted = new HashSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0 && hops.Count < MaxHops)
        {
            var step = queue.Dequeue();
            if (!visited.Add((step.Node, step.InPort, step.Frame.Vlan, step.Frame.TunnelId)))
                continue;
            var node = _lab.Node(step.Node) ?? throw new ControlException($"node {step.Node} is not in lab '{_lab.Id}'");
            var bridge = node.Kind == LabNodeKind.Gateway ? Ports.GatewayBridge : Ports.IntegrationBridge;
            if (!_plan.State.Switches.ContainsKey(new SwitchId(node.Name, bridge)))
            {
                if (step.Segment is null)
                    verdict ??= $"{node.Name} has no {bridge} (a bridge-per-network host cannot be traced by flows)";
                continue;
            }
            var flow = step.Frame.ToFlow(step.InPort);
            var parsed = OfprotoTrace.Parse(await _trace(node.VswitchdControl, bridge, flow, cancellationToken).ConfigureAwait(false));
            var outputs = Simulate(parsed, step.Frame, step.InPort);
            var hop = new TraceHop(node.Name, bridge, step.InPort, PortName(node, step.InPort), flow, parsed.Rules,
                [.. outputs.Select(o => Describe(node, o))], parsed.DatapathActions);
            if (step.Segment is not null && outputs.Count == 0)
            {
                // A node of the segment that does not take the frame is not on the path (every node sees the trunk).
                declined.Add((step, hop));
                continue;
            }
            if (step.Segment is not null)
                segmentAccepted.Add(step.Segment);
            hops.Add(hop);
            if (outputs.Count == 0)
            {
                droppedAt ??= hop;
                verdict ??= DropReason(hop);
                continue;
            }
            foreach (var o in outputs)
            {
                var next = Follow(node, o, to, arp, ref reached, ref verdict);
                foreach (var s in next)
                    queue.Enqueue(s);
            }
        }
        if (!reached && verdict is null)
        {
            var lost = declined.FirstOrDefault(d => !segmentAccepted.Contains(d.Step.Segment!));
            if (lost.Hop is not null)
            {
                hops.Add(lost.Hop);
                droppedAt = lost.Hop;
                verdict = $"no switch on segment {lost.Step.Segment} takes the frame; {DropReason(lost.Hop)}";
            }
            else
            {
                verdict = hops.Count >= MaxHops ? $"gave up after {MaxHops} switches (a loop?)" : "the frame went nowhere";
            }
        }
        return new TraceResult(from, to, arp, hops, reached, verdict ?? "") { DroppedAt = reached ? null : droppedAt };
    }

    private List<Step> Follow(LabNodeState node, Output o, VifPlacement to, bool arp, ref bool reached, ref string? verdict)
    {
        var frame = o.Frame;
        switch (o.Kind)
        {
            case OutputKind.InPort when arp:
                reached = true;
                verdict ??= $"answered in {node.Name} by an ARP responder flow: {to.IpText} is-at {o.AnswerMac ?? "?"}" +
                    (string.Equals(o.AnswerMac, to.MacText, StringComparison.OrdinalIgnoreCase) ? "" : " (NOT the destination's MAC)");
                if (!string.Equals(o.AnswerMac, to.MacText, StringComparison.OrdinalIgnoreCase))
                    reached = false;
                return [];
            case OutputKind.InPort:
                verdict ??= $"{node.Name} sent the frame back out the port it came in";
                return [];
            case OutputKind.Controller:
                if (arp && frame.Vlan is { } vlan && ArpTable.Build(_plan).TryResolve(node.Name, vlan, to.Ip, out var mac))
                {
                    reached = mac == to.Mac;
                    verdict ??= $"sent to the controller by {node.Name}; its ARP proxy answers {to.IpText} is-at {FieldFormat.Mac(mac)}";
                }
                else
                {
                    verdict ??= $"sent to the controller by {node.Name}, which has no answer for it";
                }
                return [];
        }
        if (o.Port == Ports.SegmentOfport)
        {
            var segment = node.Segment;
            return [.. _lab.Nodes.Where(n => n.Segment == segment && n.Name != node.Name)
                .Select(n => new Step(n.Name, Ports.SegmentOfport, frame with { TunnelId = null }, segment))];
        }
        if (node.Kind == LabNodeKind.Host)
        {
            var vif = _vifs.FirstOrDefault(v => v.Host == node.Name && OfportOf(v) == o.Port);
            if (vif is not null && vif.Vif == to.Vif)
            {
                reached = true;
                verdict ??= $"delivered to {to.Name} on {node.Name} port {o.Port} ({to.HostInterface})";
            }
            else if (vif is not null && !arp)
            {
                verdict ??= $"delivered to {vif.Name}, not to {to.Name}";
            }
            return [];
        }
        var transits = _plan.Federation.Transits;
        if (o.Port >= Ports.FirstTunnelOfport && o.Port - Ports.FirstTunnelOfport < transits.Count)
        {
            var t = (int)(o.Port - Ports.FirstTunnelOfport);
            return [new Step(FarGateway(transits[t], node.Site), o.Port, frame with { Vlan = frame.Vlan }, null)];
        }
        if (o.Port >= Ports.FirstVplsOfport && o.Port - Ports.FirstVplsOfport < transits.Count)
        {
            var t = (int)(o.Port - Ports.FirstVplsOfport);
            if (frame.Vlan is not { } v || !transits[t].PublicVlans.Contains(v))
            {
                verdict ??= $"dropped by the VPLS {transits[t].Name}: it passes only VLAN {string.Join(", ", transits[t].PublicVlans)}";
                return [];
            }
            return [new Step(FarGateway(transits[t], node.Site), o.Port, frame with { TunnelId = null }, null)];
        }
        verdict ??= $"{node.Name} sent it out port {o.Port}, which leads nowhere FedNet knows";
        return [];
    }

    private TraceOutput Describe(LabNodeState node, Output o)
    {
        var name = o.Kind switch
        {
            OutputKind.InPort => "IN_PORT",
            OutputKind.Controller => "CONTROLLER",
            _ => PortName(node, o.Port),
        };
        string leads;
        var transits = _plan.Federation.Transits;
        if (o.Kind == OutputKind.InPort)
            leads = "back where it came from (a reply)";
        else if (o.Kind == OutputKind.Controller)
            leads = "the controller (ARP proxy)";
        else if (o.Port == Ports.SegmentOfport)
            leads = $"segment {node.Segment} (trunk)";
        else if (node.Kind == LabNodeKind.Host)
            leads = _vifs.FirstOrDefault(v => v.Host == node.Name && OfportOf(v) == o.Port) is { } v ? $"VM {v.Name}" : "an unknown port";
        else if (o.Port >= Ports.FirstTunnelOfport && o.Port - Ports.FirstTunnelOfport < transits.Count)
        {
            var t = transits[(int)(o.Port - Ports.FirstTunnelOfport)];
            var far = FarGateway(t, node.Site);
            leads = $"{(t.TunnelProtocol ?? TunnelProtocol.Gre).ToString().ToUpperInvariant()} tunnel {t.Name} to {far} ({_lab.Node(far)?.Underlay ?? "?"})";
        }
        else if (o.Port >= Ports.FirstVplsOfport && o.Port - Ports.FirstVplsOfport < transits.Count)
        {
            var t = transits[(int)(o.Port - Ports.FirstVplsOfport)];
            leads = $"VPLS {t.Name} to {FarGateway(t, node.Site)}";
        }
        else
            leads = "an unknown port";
        return new TraceOutput(o.Kind == OutputKind.Controller ? uint.MaxValue : o.Port, name, o.Frame.Vlan, o.Frame.TunnelId, leads);
    }

    private string FarGateway(Transit transit, string site)
    {
        var far = transit.Sites.First(s => s != site);
        return _plan.Federation.Sites.First(s => s.Name == far).Gateway.Name;
    }

    private uint OfportOf(VifPlacement v) =>
        _plan.Allocations.Ports.TryGetValue(v.Vif, out var p) ? (uint)p.Ofport : throw new ControlException($"{v.Name} has no port in the plan");

    private string PortName(LabNodeState node, uint port)
    {
        if (port == Ports.SegmentOfport)
            return Ports.Segment;
        if (node.Kind == LabNodeKind.Host)
            return _vifs.FirstOrDefault(v => v.Host == node.Name && OfportOf(v) == port)?.HostInterface ?? port.ToString(CultureInfo.InvariantCulture);
        if (port >= Ports.FirstTunnelOfport)
            return Ports.Tunnel((int)(port - Ports.FirstTunnelOfport));
        return port >= Ports.FirstVplsOfport ? Ports.Vpls((int)(port - Ports.FirstVplsOfport)) : port.ToString(CultureInfo.InvariantCulture);
    }

    private static string DropReason(TraceHop hop)
    {
        var last = hop.Rules.Count > 0 ? hop.Rules[^1] : null;
        if (last is null)
            return $"dropped at {hop.Node} {hop.Bridge}: no flow matched";
        var what = last.Priority == 0 || last.Match.Length == 0 || last.Match == "No match."
            ? "the table-miss drop: no flow of this network forwards this frame here"
            : $"flow {last.Match} drops it";
        return $"dropped at {hop.Node} {hop.Bridge} table {last.Table} (priority {last.Priority}{(last.Purpose is { } p ? ", " + p : "")}): {what}";
    }

    /// <summary>Replays the VLAN and tunnel-key actions of the rules hit, noting the frame as each output sends it.</summary>
    private static List<Output> Simulate(OfprotoTrace trace, Frame frame, uint inPort)
    {
        var outputs = new List<Output>();
        var vlan = frame.Vlan;
        // A received tunnel key is metadata of the input: only a set_field puts one on an output.
        ulong? tunnel = null;
        string? ethSrc = null;
        foreach (var action in trace.Rules.SelectMany(r => r.Actions))
        {
            if (action.StartsWith("->", StringComparison.Ordinal) || action.StartsWith(">>", StringComparison.Ordinal))
                continue;
            if (action.StartsWith("push_vlan", StringComparison.Ordinal))
                vlan = 0;
            else if (action is "pop_vlan" or "strip_vlan")
                vlan = null;
            else if (TryField(action, "vlan_vid", out var vid))
                vlan = (int)(vid & 0xFFF);
            else if (action.StartsWith("mod_vlan_vid:", StringComparison.Ordinal) && int.TryParse(action["mod_vlan_vid:".Length..], out var mv))
                vlan = mv;
            else if (TryField(action, "tun_id", out var key))
                tunnel = key;
            else if (action.StartsWith("set_field:", StringComparison.Ordinal) && action.EndsWith("->eth_src", StringComparison.Ordinal))
                ethSrc = action["set_field:".Length..^"->eth_src".Length];
            else if (action.StartsWith("output:", StringComparison.Ordinal)
                && uint.TryParse(action["output:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port))
            {
                if (port != inPort) // OpenFlow never outputs to the input port unless told IN_PORT.
                    outputs.Add(new Output(OutputKind.Port, port, frame with { Vlan = vlan, TunnelId = tunnel }, null));
            }
            else if (action == "IN_PORT")
                outputs.Add(new Output(OutputKind.InPort, inPort, frame with { Vlan = vlan, TunnelId = tunnel }, ethSrc));
            else if (action.StartsWith("CONTROLLER", StringComparison.OrdinalIgnoreCase) || action.StartsWith("controller(", StringComparison.Ordinal))
                outputs.Add(new Output(OutputKind.Controller, 0, frame with { Vlan = vlan, TunnelId = tunnel }, null));
        }
        return outputs;
    }

    private static bool TryField(string action, string field, out ulong value)
    {
        value = 0;
        var suffix = "->" + field;
        if (!action.StartsWith("set_field:", StringComparison.Ordinal) || !action.EndsWith(suffix, StringComparison.Ordinal))
            return false;
        var text = action["set_field:".Length..^suffix.Length];
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
            text = text[..slash];
        return text.StartsWith("0x", StringComparison.Ordinal)
            ? ulong.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static async Task<string> AppctlTraceAsync(string control, string bridge, string flow, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("ovs-appctl", ["-t", control, "ofproto/trace", bridge, flow])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(psi) ?? throw new ControlException("cannot start ovs-appctl (install openvswitch-common)");
        var output = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (p.ExitCode != 0)
            throw new ControlException($"ovs-appctl -t {control} ofproto/trace {bridge} failed: {(await error.ConfigureAwait(false)).Trim()}");
        return await output.ConfigureAwait(false);
    }

    private enum OutputKind
    {
        Port,
        InPort,
        Controller,
    }

    private sealed record Output(OutputKind Kind, uint Port, Frame Frame, string? AnswerMac);

    /// <summary>A switch to trace next: entered at <paramref name="InPort"/>; <paramref name="Segment"/> when reached by flooding a trunk.</summary>
    private sealed record Step(string Node, uint InPort, Frame Frame, string? Segment);

    /// <summary>The headers of the traced frame: they stay the same along the path except its VLAN and tunnel key.</summary>
    private sealed record Frame(string Protocol, string Source, string Destination, string Rest, int? Vlan, ulong? TunnelId)
    {
        public string ToFlow(uint inPort)
        {
            var tunnel = TunnelId is { } k ? string.Create(CultureInfo.InvariantCulture, $",tun_id=0x{k:x}") : "";
            var vlan = Vlan is { } v ? string.Create(CultureInfo.InvariantCulture, $",dl_vlan={v}") : "";
            return string.Create(CultureInfo.InvariantCulture, $"{Protocol},in_port={inPort}{tunnel}{vlan},dl_src={Source},dl_dst={Destination},{Rest}");
        }
    }
}
