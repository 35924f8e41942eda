using System.Runtime.InteropServices;
using FedNet.Planning.Internal;
using FedNet.Planning.State;

namespace FedNet.Planning.Drivers.Internal;

/// <summary>Flow parts more than one driver builds: shared action instances, ARP responders, meters.</summary>
internal static class FlowParts
{
    /// <summary>
    /// Meter burst as a fraction of the rate: 500 ms. On the userspace datapath a drop-band meter with a 100 ms burst let
    /// a TCP flow reach only half of a 50 Mbit/s rate; 500 ms lets it reach the rate (docs/pipeline.md, measured).
    /// </summary>
    private const ulong BurstDivisor = 2;

    /// <summary>The smallest burst, in kbit: a few full-size frames, so tiny rates still pass whole frames.</summary>
    private const ulong MinimumBurstKbits = 64;

    public static readonly EquatableArray<FlowAction> ToSegment = EquatableArray.Of<FlowAction>(new Output(Ports.SegmentOfport));
    public static readonly EquatableArray<FlowAction> ToForwarding = EquatableArray.Of<FlowAction>(new GotoTable(Tables.Forward));
    public static readonly EquatableArray<FlowAction> ToController = EquatableArray.Of<FlowAction>(new Controller());
    public static readonly PushVlan PushDot1Q = new();
    public static readonly Load MarkLocal = new(FieldKind.Reg0, 1);
    public static readonly GotoTable ToArp = new(Tables.Arp);
    public static readonly Output OutSegment = new(Ports.SegmentOfport);
    private static readonly Move SwapEth = new(FieldKind.EthSrc, FieldKind.EthDst);
    private static readonly SetField ArpReply = new(FieldKind.ArpOp, 2);
    private static readonly Move ShaToTha = new(FieldKind.ArpSha, FieldKind.ArpTha);
    private static readonly Move SpaToTpa = new(FieldKind.ArpSpa, FieldKind.ArpTpa);

    public static FlowEntry Miss(byte table, FlowAction[] actions) =>
        new(table, Tables.MissPriority, Cookies.Make(CookieKind.Infrastructure, 0, table), Match.Any, EquatableArray.Of(actions));

    public static ValueMap<string, PortRow> PortMap(IEnumerable<PortRow> rows) =>
        ValueMap<string, PortRow>.From(rows.Select(r => KeyValuePair.Create(r.Name, r)));

    /// <summary>The match on the network's private VLAN <paramref name="vlan"/> and destination <paramref name="mac"/>.</summary>
    /// <remarks>A match is a value held inline by its flow, so building it again is cheaper than looking it up.</remarks>
    public static Match ToVif(int vlan, ulong mac) => Match.Of(M.Vlan(vlan), M.EthDst(mac));

    /// <summary>
    /// The in-switch ARP responder (DESIGN mechanism 5, as in reference/gateway-flows.sh): turns the request into the
    /// reply for <paramref name="w"/> and sends it back where it came from.
    /// </summary>
    public static EquatableArray<FlowAction> Responder(ControlContext context, VifSpec w, bool untag)
    {
        var cache = context.Responders;
        if (cache.TryGetValue((w.Id, untag), out var known))
            return known;
        // Only three actions depend on the vif; the rest are shared instances (records are immutable), and the host and
        // gateway variants share the vif's three: a responder per vif on every host and gateway is millions of objects.
        FlowAction setEthSrc, setArpSha, setArpSpa;
        if (cache.TryGetValue((w.Id, !untag), out var other))
        {
            setEthSrc = other[1];
            setArpSha = other[5];
            setArpSpa = other[6];
        }
        else
        {
            setEthSrc = new SetField(FieldKind.EthSrc, w.Mac);
            setArpSha = new SetField(FieldKind.ArpSha, w.Mac);
            setArpSpa = new SetField(FieldKind.ArpSpa, w.Ip);
        }
        FlowAction[] actions = untag
            ? [SwapEth, setEthSrc, ArpReply, ShaToTha, SpaToTpa, setArpSha, setArpSpa, PopVlan.Instance, OutputInPort.Instance]
            : [SwapEth, setEthSrc, ArpReply, ShaToTha, SpaToTpa, setArpSha, setArpSpa, OutputInPort.Instance];
        return cache[(w.Id, untag)] = new EquatableArray<FlowAction>(ImmutableCollectionsMarshal.AsImmutableArray(actions));
    }

    /// <summary>The meter of a policy: kbit/s, one drop band, burst = <see cref="BurstDivisor"/>.</summary>
    public static MeterEntry MeterFor(PolicySpec p, long rateBitsPerSecond)
    {
        var kbps = (ulong)Math.Max(1, rateBitsPerSecond / 1000);
        return new MeterEntry((uint)p.MeterId, kbps, Math.Max(MinimumBurstKbits, kbps / BurstDivisor), p.Key.ToString());
    }
}
