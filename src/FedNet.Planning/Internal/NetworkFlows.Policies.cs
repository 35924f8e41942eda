using FedNet.Model;
using FedNet.Planning.State;

namespace FedNet.Planning.Internal;

/// <summary>
/// Rate-limit policies of one network: OpenFlow meters where the switch has flows (ovs hosts, gateways), an egress
/// shaper on the vif port where it has none (bridge-per-network hosts). docs/pipeline.md "Policies" says where and why.
/// </summary>
internal sealed partial class NetworkFlows
{
    /// <summary>
    /// Meter burst as a fraction of the rate: 500 ms. On the userspace datapath a drop-band meter with a 100 ms burst let
    /// a TCP flow reach only half of a 50 Mbit/s rate; 500 ms lets it reach the rate (docs/pipeline.md, measured).
    /// </summary>
    private const ulong BurstDivisor = 2;

    /// <summary>The smallest burst, in kbit: a few full-size frames, so tiny rates still pass whole frames.</summary>
    private const ulong MinimumBurstKbits = 64;

    private PolicySpec? _wholePath;
    private bool _wholePathKnown;

    /// <summary>The network's whole-path rate limit (no transit, no VM pair), the lowest if there are several.</summary>
    private PolicySpec? WholePath
    {
        get
        {
            if (!_wholePathKnown)
            {
                _wholePath = _net.Policies.Where(IsWholePath).OrderBy(p => p.Policy.Rate).ThenBy(p => p.MeterId).FirstOrDefault();
                _wholePathKnown = true;
            }
            return _wholePath;
        }
    }

    /// <summary>True for a rate limit on the whole network (every path), not on one transit or one VM pair.</summary>
    internal static bool IsWholePath(PolicySpec p) => p.Policy.Rate is not null && p.VmA is null && p.Transit < 0;

    /// <summary>
    /// <paramref name="actions"/> behind the network's whole-path meter on an ovs host, if it has one. The host's vif
    /// ingress and trunk admission of the network share the meter, so everything the network's vifs on this host send
    /// or receive passes it.
    /// </summary>
    private EquatableArray<FlowAction> Metered(SwitchId host, EquatableArray<FlowAction> actions)
    {
        if (WholePath is not { } p)
            return actions;
        _out.Meter(host, MeterFor(p, p.Policy.Rate!.Value));
        var list = new List<FlowAction>(actions.Count + 1) { new Meter((uint)p.MeterId) };
        list.AddRange(actions);
        return EquatableArray.From(list);
    }

    /// <summary>
    /// VM-pair rate limits on an ovs host: a metered forwarding entry for every pair direction whose sender is local, and
    /// for those whose sender sits on a bridge-per-network host (no flows there) and whose receiver is local.
    /// </summary>
    private void HostPolicies(SwitchId id, Host host, int site, bool fromGateway, List<VifSpec> local, int vlan)
    {
        var seen = new HashSet<(ulong, ulong)>();
        foreach (var p in _net.Policies)
        {
            if (p.VmA is null || p.VmB is null || p.Policy.Rate is not { } rate)
                continue;
            AddPair(p, rate, p.VmA, p.VmB);
            AddPair(p, rate, p.VmB, p.VmA);
        }

        void AddPair(PolicySpec p, long rate, string fromVm, string toVm)
        {
            for (var ai = 0; ai < _net.Vifs.Count; ai++)
            {
                var a = _net.Vifs[ai];
                if (a.Key.Vm.Vm != fromVm)
                    continue;
                var aLocal = a.Host.Name == host.Name;
                for (var bi = 0; bi < _net.Vifs.Count; bi++)
                {
                    var b = _net.Vifs[bi];
                    if (b.Key.Vm.Vm != toVm)
                        continue;
                    var bLocal = b.Host.Name == host.Name;
                    var here = aLocal
                        ? Reachable(host, site, fromGateway, bi)
                        : bLocal && a.Host.Driver == HostDriver.BridgePerNetwork && Reachable(a.Host, a.Site, _gatewayOnSegment[ai], bi);
                    if (!here || !seen.Add((a.Mac, b.Mac)))
                        continue;
                    FlowAction[] forward = bLocal
                        ? [new Meter((uint)p.MeterId), PopVlan.Instance, new Output((uint)b.Ofport)]
                        : [new Meter((uint)p.MeterId), new Output(Ports.SegmentOfport)];
                    _out.Flow(id, new FlowEntry(Tables.Forward, Tables.PolicyPriority, Cookie(CookieKind.Policy, p.MeterId),
                        Match.Of(M.Vlan(vlan), M.EthSrc(a.Mac), M.EthDst(b.Mac)), EquatableArray.Of(forward)));
                    _out.Meter(id, MeterFor(p, rate));
                }
            }
        }
    }

    /// <summary>
    /// The egress cap (kbit/s, 0 = none) of a vif on a bridge-per-network host, whose learning bridge has no flows to
    /// meter: the network's whole-path rate, and the rate of a VM pair whose other VM is on such a host too (otherwise
    /// the pair is metered on the ovs host at the other end, both ways). The lowest applies.
    /// </summary>
    private long ShaperKbps(VifSpec v)
    {
        long kbps = 0;
        foreach (var p in _net.Policies)
        {
            if (p.Policy.Rate is not { } rate)
                continue;
            var applies = IsWholePath(p)
                || (p.VmA is not null && p.VmB is not null && (v.Key.Vm.Vm == p.VmA || v.Key.Vm.Vm == p.VmB)
                    && _net.Vifs.Exists(w => w.Key.Vm.Vm == (v.Key.Vm.Vm == p.VmA ? p.VmB : p.VmA) && w.Host.Driver == HostDriver.BridgePerNetwork));
            if (!applies)
                continue;
            var k = Math.Max(1, rate / 1000);
            kbps = kbps == 0 ? k : Math.Min(kbps, k);
        }
        return kbps;
    }

    /// <summary>The meter of a policy: kbit/s, one drop band, burst = <see cref="BurstDivisor"/>.</summary>
    private static MeterEntry MeterFor(PolicySpec p, long rateBitsPerSecond)
    {
        var kbps = (ulong)Math.Max(1, rateBitsPerSecond / 1000);
        return new MeterEntry((uint)p.MeterId, kbps, Math.Max(MinimumBurstKbits, kbps / BurstDivisor), p.Key.ToString());
    }
}
