using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>
/// The flows a test installs, and a canonical text per flow so what the switch reports can be compared with what was
/// sent. OVS answers in OpenFlow 1.3 terms: a full-width <c>load</c> comes back as <c>set_field</c>, NXM field
/// headers as their OXM equivalents and match fields in its own order, so the canonical form folds those together.
/// </summary>
internal static class FlowModel
{
    /// <summary>
    /// <paramref name="count"/> distinct flows: even ones are ARP responders built from Nicira move/load (table 0),
    /// odd ones VLAN translations (table 1). Cookie = <paramref name="cookieBase"/> + index, so each is identifiable.
    /// </summary>
    public static List<FlowMod> Flows(int count, ulong cookieBase = 0xfed0_0000_0000_0000)
    {
        var flows = new List<FlowMod>(count);
        for (var i = 0; i < count; i++)
        {
            var vlan = (ushort)(100 + i % 50);
            var mac = Mac(i);
            flows.Add(i % 2 == 0
                ? new FlowMod
                {
                    Cookie = cookieBase + (ulong)i,
                    TableId = 0,
                    Priority = 100,
                    Match = Match.Any.EthType(0x0806).VlanVid(vlan).ArpOp(1).ArpTpa(Ip(i)),
                    Instructions =
                    [
                        Instructions.Apply(
                            NiciraActions.Move(NxmField.EthSrc, NxmField.EthDst),
                            NiciraActions.Load(NxmField.EthSrc, MacValue(mac)),
                            NiciraActions.Load(NxmField.ArpOp, 2),
                            NiciraActions.Move(NxmField.ArpSha, NxmField.ArpTha),
                            NiciraActions.Move(NxmField.ArpSpa, NxmField.ArpTpa),
                            NiciraActions.Load(NxmField.ArpSha, MacValue(mac)),
                            NiciraActions.Load(NxmField.ArpSpa, BinaryPrimitives.ReadUInt32BigEndian(Ip(i).GetAddressBytes())),
                            NiciraActions.Load(NxmField.Reg(0), (ulong)i),
                            Actions.Output(OfpPortNo.InPort)),
                    ],
                }
                : new FlowMod
                {
                    Cookie = cookieBase + (ulong)i,
                    TableId = 1,
                    Priority = 200,
                    Match = Match.Any.VlanVid(vlan).EthDst(mac),
                    Instructions = [Instructions.Apply(Actions.SetVlanVid(2782), Actions.Output(1))],
                });
        }
        return flows;
    }

    public static PhysicalAddress Mac(int i) => new([0x02, 0xfe, 0x00, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);

    public static IPAddress Ip(int i) => new([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);

    private static ulong MacValue(PhysicalAddress mac)
    {
        var b = mac.GetAddressBytes();
        return (ulong)b[0] << 40 | (ulong)b[1] << 32 | (ulong)b[2] << 24 | (ulong)b[3] << 16 | (ulong)b[4] << 8 | b[5];
    }

    /// <summary>Table, priority, cookie, match (as a sorted set) and actions in a form both sides share.</summary>
    public static string Canonical(byte table, ushort priority, ulong cookie, Match match, EquatableArray<OfpInstruction> instructions)
    {
        var fields = match.Fields.AsSpan().ToArray().Select(f => $"{Name(f.Field)}={f}").Order(StringComparer.Ordinal);
        var actions = instructions.AsSpan().ToArray().Select(i => i is ActionsInstruction a
            ? $"{a.Kind}({string.Join(",", a.Actions.AsSpan().ToArray().Select(Canonical))})"
            : i.ToString());
        return $"table={table} priority={priority} cookie=0x{cookie:x} match=[{string.Join(",", fields)}] {string.Join(" ", actions)}";
    }

    public static string Canonical(FlowMod f) => Canonical(f.TableId, f.Priority, f.Cookie, f.Match, f.Instructions);

    public static string Canonical(FlowStats f) => Canonical(f.TableId, f.Priority, f.Cookie, f.Match, f.Instructions);

    private static string Canonical(OfpAction action) => action switch
    {
        OutputAction o => $"output:{o.Port}",
        SetFieldAction s => $"set:{Name(s.Field.Field)}=0x{s.Field.ValueAsUInt64():x}",
        NxRegLoadAction l when l.Offset == 0 && l.Bits == l.Destination.Bits => $"set:{Name(l.Destination)}=0x{l.Value:x}",
        NxRegLoadAction l => $"load:{Name(l.Destination)}[{l.Offset}+{l.Bits}]=0x{l.Value:x}",
        NxRegMoveAction m => $"move:{Name(m.Source)}[{m.SourceOffset}]->{Name(m.Destination)}[{m.DestinationOffset}]/{m.Bits}",
        _ => action.ToString(),
    };

    private static string Name(OxmField field) => OxmNames.NameOf(field).Replace("_nxm", "", StringComparison.Ordinal);
}
