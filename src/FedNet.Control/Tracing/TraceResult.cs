using System.Globalization;
using System.Text;

namespace FedNet.Control.Tracing;

/// <summary>The path of one frame from a VM toward another, hop by hop.</summary>
/// <param name="From">The sending vif.</param>
/// <param name="To">The vif the frame is addressed to.</param>
/// <param name="Arp">True for an ARP request (for <paramref name="To"/>'s IP), false for an ICMP echo request.</param>
/// <param name="Hops">Every switch the frame entered, in order.</param>
/// <param name="Reached">True when the frame was delivered to the destination (or, for ARP, answered on its way).</param>
/// <param name="Verdict">One line: where it arrived, or where and why it was dropped.</param>
public sealed record TraceResult(VifPlacement From, VifPlacement To, bool Arp, IReadOnlyList<TraceHop> Hops, bool Reached, string Verdict)
{
    /// <summary>The hop where the frame was dropped (the last switch that did not forward it), or null.</summary>
    public TraceHop? DroppedAt { get; init; }

    /// <summary>Readable text: a header, each hop with the flows hit and where the frame left, and the verdict.</summary>
    public string Format()
    {
        var s = new StringBuilder();
        var what = Arp ? $"ARP request who-has {To.IpText}" : $"ICMP echo request to {To.IpText}";
        s.Append(CultureInfo.InvariantCulture, $"trace {From.Name} ({From.MacText}, {From.IpText}) -> {To.Name} ({To.MacText}, {To.IpText}): {what}\n");
        var n = 0;
        foreach (var hop in Hops)
        {
            s.Append(CultureInfo.InvariantCulture, $"{++n}. {hop.Node} {hop.Bridge} in_port={hop.InPort} ({hop.InPortName})\n");
            s.Append(CultureInfo.InvariantCulture, $"     flow: {hop.Flow}\n");
            foreach (var r in hop.Rules)
            {
                var purpose = r.Purpose is { } p ? $" [{p}]" : "";
                var match = r.Match.Length == 0 ? "(any)" : r.Match;
                s.Append(CultureInfo.InvariantCulture, $"     table {r.Table} priority {r.Priority}{purpose}: {match}\n");
                foreach (var a in r.Actions)
                    s.Append("         ").Append(a).Append('\n');
            }
            if (hop.Outputs.Count == 0)
                s.Append("   => dropped here\n");
            foreach (var o in hop.Outputs)
            {
                var tag = o.Vlan is { } v ? $"VLAN {v}" : "untagged";
                var key = o.TunnelId is { } k ? string.Create(CultureInfo.InvariantCulture, $", key 0x{k:x}") : "";
                s.Append(CultureInfo.InvariantCulture, $"   => out {o.PortName} ({tag}{key}): {o.LeadsTo}\n");
            }
        }
        s.Append(Reached ? "REACHED: " : "DROPPED: ").Append(Verdict).Append('\n');
        return s.ToString();
    }
}
