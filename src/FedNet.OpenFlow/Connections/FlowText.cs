using System.Globalization;
using System.Text;

namespace FedNet.OpenFlow.Connections;

/// <summary>
/// One readable line per flow, in the spirit of <c>ovs-ofctl dump-flows</c>: cookie, table, priority, counters,
/// timeouts, match fields and instructions. MACs and IPv4 addresses are printed as such, VLAN ids without the
/// OFPVID_PRESENT bit, other values in hex; unknown actions print as their record.
/// </summary>
public static class FlowText
{
    /// <summary>Formats one flow-stats entry.</summary>
    public static string Format(FlowStats flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"cookie=0x{flow.Cookie:x}, table={flow.TableId}, priority={flow.Priority}, ");
        s.Append(CultureInfo.InvariantCulture, $"duration={flow.DurationSec}.{flow.DurationNsec / 1_000_000:000}s, ");
        s.Append(CultureInfo.InvariantCulture, $"n_packets={flow.PacketCount}, n_bytes={flow.ByteCount}, ");
        if (flow.IdleTimeout != 0)
            s.Append(CultureInfo.InvariantCulture, $"idle_timeout={flow.IdleTimeout}, ");
        if (flow.HardTimeout != 0)
            s.Append(CultureInfo.InvariantCulture, $"hard_timeout={flow.HardTimeout}, ");
        if (flow.Flags != OfpFlowModFlags.None)
            s.Append(CultureInfo.InvariantCulture, $"flags={flow.Flags}, ");
        s.Append(Format(flow.Match));
        s.Append(" actions=");
        s.Append(flow.Instructions.Count == 0 ? "drop" : string.Join(",", flow.Instructions.AsSpan().ToArray().Select(Format)));
        return s.ToString();
    }

    /// <summary>The match as <c>field=value</c> pairs, or <c>any</c>.</summary>
    public static string Format(Match match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return match.Fields.Count == 0 ? "any" : string.Join(",", match.Fields.AsSpan().ToArray().Select(Format));
    }

    private static string Format(Oxm oxm) => oxm.Mask is { } mask
        ? $"{Name(oxm.Field)}={Value(oxm.Field, oxm.Value.AsSpan())}/{Value(oxm.Field, mask.AsSpan())}"
        : $"{Name(oxm.Field)}={Value(oxm.Field, oxm.Value.AsSpan())}";

    private static string Value(OxmField field, ReadOnlySpan<byte> value)
    {
        var name = field.Name;
        if (value.Length == 6 && name.Contains("eth", StringComparison.Ordinal) || name.Contains("_sha", StringComparison.Ordinal)
            || name.Contains("_tha", StringComparison.Ordinal))
            return Convert.ToHexStringLower(value).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);
        if (value.Length == 4 && (name.Contains("ipv4", StringComparison.Ordinal) || name.Contains("_spa", StringComparison.Ordinal)
            || name.Contains("_tpa", StringComparison.Ordinal) || name.StartsWith("tun_ipv4", StringComparison.Ordinal)))
            return $"{value[0]}.{value[1]}.{value[2]}.{value[3]}";
        if (value.Length <= 8)
        {
            ulong v = 0;
            foreach (var b in value)
                v = v << 8 | b;
            if (name == "vlan_vid")
                return (v & 0x1000) != 0 ? (v & 0xfff).ToString(CultureInfo.InvariantCulture) : $"0x{v:x}";
            return name is "in_port" or "ip_proto" or "arp_op" or "tcp_src" or "tcp_dst" or "udp_src" or "udp_dst" or "vlan_pcp"
                ? v.ToString(CultureInfo.InvariantCulture)
                : $"0x{v:x}";
        }
        return "0x" + Convert.ToHexStringLower(value);
    }

    private static string Format(OfpInstruction instruction) => instruction switch
    {
        ActionsInstruction { Kind: OfpInstructionType.ApplyActions } a => string.Join(",", a.Actions.AsSpan().ToArray().Select(Format)),
        ActionsInstruction a => $"{(a.Kind == OfpInstructionType.WriteActions ? "write_actions" : a.Kind.ToString())}("
            + string.Join(",", a.Actions.AsSpan().ToArray().Select(Format)) + ")",
        GotoTableInstruction g => $"goto_table:{g.TableId}",
        WriteMetadataInstruction m => $"write_metadata:0x{m.Metadata:x}/0x{m.Mask:x}",
        ClearActionsInstruction => "clear_actions",
        _ => instruction.ToString(),
    };

    private static string Format(OfpAction action) => action switch
    {
        OutputAction o => $"output:{Port(o.Port)}",
        SetFieldAction s => $"set_field:{Value(s.Field.Field, s.Field.Value.AsSpan())}->{Name(s.Field.Field)}",
        NxRegLoadAction l => $"load:0x{l.Value:x}->{Name(l.Destination)}{Range(l.Destination, l.Offset, l.Bits)}",
        NxRegMoveAction m => $"move:{Name(m.Source)}{Range(m.Source, m.SourceOffset, m.Bits)}->"
            + $"{Name(m.Destination)}{Range(m.Destination, m.DestinationOffset, m.Bits)}",
        NxResubmitAction r => r.Table is { } t ? $"resubmit({(r.InPort == NxResubmitAction.InPortUnchanged ? "" : r.InPort)},{t})" : $"resubmit:{r.InPort}",
        NxNoteAction n => $"note:{Convert.ToHexStringLower(n.Note.AsSpan())}",
        GroupAction g => $"group:{g.GroupId}",
        SetQueueAction q => $"set_queue:{q.QueueId}",
        SimpleAction s => s.Kind.ToString().ToLowerInvariant(),
        EtherTypeAction e => $"{e.Kind.ToString().ToLowerInvariant()}:0x{e.EtherType:x4}",
        _ => action.ToString(),
    };

    /// <summary>The field's name; NXM fields that have an OXM twin print like it (they mean the same field).</summary>
    private static string Name(OxmField field) => field.Name.Replace("_nxm", "", StringComparison.Ordinal);

    /// <summary><c>[]</c> for the whole field, as ovs-ofctl writes it, else <c>[first..last]</c>.</summary>
    private static string Range(OxmField field, int offset, int bits) =>
        offset == 0 && bits == field.Bits ? "[]" : $"[{offset}..{offset + bits - 1}]";

    private static string Port(uint port) => port switch
    {
        OfpPortNo.InPort => "in_port",
        OfpPortNo.Table => "table",
        OfpPortNo.Normal => "normal",
        OfpPortNo.Flood => "flood",
        OfpPortNo.All => "all",
        OfpPortNo.Controller => "controller",
        OfpPortNo.Local => "local",
        _ => port.ToString(CultureInfo.InvariantCulture),
    };
}
