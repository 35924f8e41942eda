using FedNet.OpenFlow;
using FedNet.Planning;
using FedNet.Planning.State;
using OfMatch = FedNet.OpenFlow.Match;
using PlanMatch = FedNet.Planning.State.Match;

namespace FedNet.Control;

/// <summary>
/// Translates the planner's wire-independent flows and meters into OpenFlow 1.3 messages, and flows read back from a
/// switch (flow-stats) into the planner's vocabulary, so desired and actual state are compared by value.
/// </summary>
public static class FlowTranslator
{
    /// <summary>The OpenFlow field FedNet writes for <paramref name="field"/> (OXM basic where 1.3 has one, NXM otherwise).</summary>
    public static OxmField ToOxm(FieldKind field) => field switch
    {
        FieldKind.InPort => OxmField.InPort,
        FieldKind.Reg0 => NxmField.Reg(0),
        FieldKind.TunnelId => OxmField.TunnelId,
        FieldKind.EthDst => OxmField.EthDst,
        FieldKind.EthSrc => OxmField.EthSrc,
        FieldKind.EthType => OxmField.EthType,
        FieldKind.VlanVid => OxmField.VlanVid,
        FieldKind.ArpOp => OxmField.ArpOp,
        FieldKind.ArpSpa => OxmField.ArpSpa,
        FieldKind.ArpTpa => OxmField.ArpTpa,
        FieldKind.ArpSha => OxmField.ArpSha,
        FieldKind.ArpTha => OxmField.ArpTha,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "no OpenFlow field for it"),
    };

    /// <summary>The planner's field for an OXM or NXM field a switch reports, or null when FedNet never uses it.</summary>
    public static FieldKind? FromOxm(OxmField field)
    {
        var f = field with { Length = field.Length };
        if (f == OxmField.InPort)
            return FieldKind.InPort;
        if (f == NxmField.Reg(0))
            return FieldKind.Reg0;
        if (f == OxmField.TunnelId || f == NxmField.TunId)
            return FieldKind.TunnelId;
        if (f == OxmField.EthDst || f == NxmField.EthDst)
            return FieldKind.EthDst;
        if (f == OxmField.EthSrc || f == NxmField.EthSrc)
            return FieldKind.EthSrc;
        if (f == OxmField.EthType || f == NxmField.EthType)
            return FieldKind.EthType;
        if (f == OxmField.VlanVid)
            return FieldKind.VlanVid;
        if (f == OxmField.ArpOp || f == NxmField.ArpOp)
            return FieldKind.ArpOp;
        if (f == OxmField.ArpSpa || f == NxmField.ArpSpa)
            return FieldKind.ArpSpa;
        if (f == OxmField.ArpTpa || f == NxmField.ArpTpa)
            return FieldKind.ArpTpa;
        if (f == OxmField.ArpSha || f == NxmField.ArpSha)
            return FieldKind.ArpSha;
        if (f == OxmField.ArpTha || f == NxmField.ArpTha)
            return FieldKind.ArpTha;
        return null;
    }

    /// <summary>The OpenFlow match of a planned match.</summary>
    public static OfMatch ToMatch(PlanMatch match)
    {
        var fields = new Oxm[match.Count];
        var i = 0;
        foreach (var f in match)
            fields[i++] = Oxm.Of(ToOxm(f.Field), f.Value, f.Mask);
        return new OfMatch(fields);
    }

    /// <summary>A flow-mod that installs <paramref name="flow"/> (OFPFC_ADD replaces a flow with the same table, priority and match).</summary>
    public static FlowMod ToFlowMod(FlowEntry flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new FlowMod
        {
            Cookie = flow.Cookie,
            TableId = flow.Table,
            Command = OfpFlowModCommand.Add,
            Priority = flow.Priority,
            IdleTimeout = flow.IdleTimeout,
            HardTimeout = flow.HardTimeout,
            Match = ToMatch(flow.Match),
            Instructions = ToInstructions(flow.Actions),
        };
    }

    /// <summary>
    /// A flow-mod that deletes exactly the flow read back as <paramref name="flow"/>: strict (same priority and match)
    /// and only if it still carries the same cookie, so a foreign flow that replaced it meanwhile is left alone.
    /// </summary>
    public static FlowMod ToDeleteStrict(FlowStats flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new FlowMod
        {
            Cookie = flow.Cookie,
            CookieMask = ulong.MaxValue,
            TableId = flow.TableId,
            Command = OfpFlowModCommand.DeleteStrict,
            Priority = flow.Priority,
            Match = flow.Match,
        };
    }

    /// <summary>OpenFlow 1.3 instructions (§5.9, in the order the switch runs them): meter, apply-actions, goto-table.</summary>
    public static EquatableArray<OfpInstruction> ToInstructions(IEnumerable<FlowAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var result = new List<OfpInstruction>(3);
        var apply = new List<OfpAction>();
        GotoTable? goTo = null;
        foreach (var a in actions)
        {
            switch (a)
            {
                case Meter m:
                    result.Add(Instructions.Meter(m.Id));
                    break;
                case GotoTable g:
                    goTo = g;
                    break;
                case Drop:
                    break;
                default:
                    apply.Add(ToAction(a));
                    break;
            }
        }
        if (apply.Count > 0)
            result.Add(Instructions.Apply([.. apply]));
        if (goTo is not null)
            result.Add(Instructions.GotoTable(goTo.Table));
        return result.ToArray();
    }

    private static OfpAction ToAction(FlowAction action) => action switch
    {
        Output o => Actions.Output(o.Port, 0),
        OutputInPort => Actions.Output(OfpPortNo.InPort, 0),
        Controller c => Actions.ToController(c.MaxLength),
        PushVlan p => Actions.PushVlan(p.EtherType),
        PopVlan => Actions.PopVlan(),
        SetField s => new SetFieldAction(Oxm.Of(ToOxm(s.Field), s.Value)),
        Move m => NiciraActions.Move(ToOxm(m.Source), ToOxm(m.Destination)),
        Load l => NiciraActions.Load(ToOxm(l.Field), l.Value),
        Resubmit r => NiciraActions.Resubmit(r.Table),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no OpenFlow action for it"),
    };

    /// <summary>
    /// The planner's view of a flow read from a switch, or null when it uses something FedNet never writes (so it can
    /// never equal a desired flow). Normalizes what Open vSwitch rewrites: a whole-field NXM load comes back as a
    /// set-field, an all-ones mask as an exact match, output max_len matters only toward the controller.
    /// </summary>
    public static FlowEntry? FromFlowStats(FlowStats flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var fields = new List<MatchField>(flow.Match.Fields.Count);
        foreach (var oxm in flow.Match.Fields)
        {
            if (FromOxm(oxm.Field) is not { } kind || oxm.Value.Count > 8)
                return null;
            var value = oxm.ValueAsUInt64();
            var mask = oxm.MaskAsUInt64();
            if (mask is { } m && m == AllOnes(oxm.Value.Count))
                mask = null;
            fields.Add(new MatchField(kind, value, mask));
        }
        var actions = new List<FlowAction>();
        GotoTable? goTo = null;
        foreach (var instruction in flow.Instructions)
        {
            switch (instruction)
            {
                case MeterInstruction m:
                    actions.Add(new Meter(m.MeterId));
                    break;
                case GotoTableInstruction g:
                    goTo = new GotoTable(g.TableId);
                    break;
                case ActionsInstruction { Kind: OfpInstructionType.ApplyActions } apply:
                    foreach (var a in apply.Actions)
                    {
                        if (FromAction(a) is not { } planned)
                            return null;
                        actions.Add(planned);
                    }
                    break;
                default:
                    return null;
            }
        }
        if (goTo is not null)
            actions.Add(goTo);
        if (actions.Count == 0)
            actions.Add(Drop.Instance);
        return new FlowEntry(flow.TableId, flow.Priority, flow.Cookie, PlanMatch.Of([.. fields]), EquatableArray.From(actions),
            flow.IdleTimeout, flow.HardTimeout);
    }

    /// <summary>
    /// <paramref name="flow"/> as it will read back once installed (the round trip through the wire form), so the
    /// desired and the actual flow compare equal when the switch holds it.
    /// </summary>
    public static FlowEntry Canonical(FlowEntry flow)
    {
        var mod = ToFlowMod(flow);
        return FromFlowStats(new FlowStats
        {
            TableId = mod.TableId,
            Priority = mod.Priority,
            Cookie = mod.Cookie,
            IdleTimeout = mod.IdleTimeout,
            HardTimeout = mod.HardTimeout,
            Match = mod.Match,
            Instructions = mod.Instructions,
        }) ?? flow;
    }

    private static FlowAction? FromAction(OfpAction action)
    {
        switch (action)
        {
            case OutputAction o when o.Port == OfpPortNo.InPort:
                return OutputInPort.Instance;
            case OutputAction o when o.Port == OfpPortNo.Controller:
                return new Controller(o.MaxLength);
            case OutputAction o:
                return new Output(o.Port);
            case EtherTypeAction { Kind: OfpActionType.PushVlan } p:
                return new PushVlan(p.EtherType);
            case SimpleAction { Kind: OfpActionType.PopVlan }:
                return PopVlan.Instance;
            case SetFieldAction s when FromOxm(s.Field.Field) is { } kind && !s.Field.HasMask && s.Field.Value.Count <= 8:
                // OVS reports a whole-register load as a set-field; FedNet writes registers only with load.
                return kind == FieldKind.Reg0 ? new Load(kind, s.Field.ValueAsUInt64()) : new SetField(kind, s.Field.ValueAsUInt64());
            case NxRegLoadAction l when FromOxm(l.Destination) is { } kind && l.Offset == 0 && l.Bits == l.Destination.Bits:
                return kind == FieldKind.Reg0 ? new Load(kind, l.Value) : new SetField(kind, l.Value);
            case NxRegMoveAction m when FromOxm(m.Source) is { } src && FromOxm(m.Destination) is { } dst
                && m.SourceOffset == 0 && m.DestinationOffset == 0 && m.Bits == m.Source.Bits && m.Bits == m.Destination.Bits:
                return new Move(src, dst);
            case NxResubmitAction { InPort: NxResubmitAction.InPortUnchanged, Table: { } table }:
                return new Resubmit(table);
            default:
                return null;
        }
    }

    private static ulong AllOnes(int bytes) => bytes >= 8 ? ulong.MaxValue : (1UL << (8 * bytes)) - 1;

    /// <summary>A meter-mod for <paramref name="meter"/>: one drop band in kbit/s with a burst.</summary>
    public static MeterMod ToMeterMod(MeterEntry meter, OfpMeterModCommand command)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return new MeterMod
        {
            Command = command,
            Flags = OfpMeterFlags.Kbps | OfpMeterFlags.Burst | OfpMeterFlags.Stats,
            MeterId = meter.Id,
            Bands = [new DropBand { Rate = (uint)Math.Min(meter.RateKbps, uint.MaxValue), BurstSize = (uint)Math.Min(meter.BurstKbits, uint.MaxValue) }],
        };
    }

    /// <summary>True when the switch's meter <paramref name="actual"/> is what <paramref name="desired"/> asks for.</summary>
    public static bool MeterMatches(MeterEntry desired, MeterConfig actual)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(actual);
        return actual.Bands.Count == 1 && actual.Bands[0] is DropBand band
            && band.Rate == desired.RateKbps && band.BurstSize == desired.BurstKbits
            && (actual.Flags & OfpMeterFlags.Kbps) != 0;
    }
}
