using FedNet.Planning.State;

namespace FedNet.Control.Tracing;

/// <summary>One flow a traced frame hit in a switch, as <c>ofproto/trace</c> reports it.</summary>
/// <param name="Table">OpenFlow table.</param>
/// <param name="Priority">The flow's priority (-1 when the table had no match at all).</param>
/// <param name="Match">The flow's match, in <c>ovs-ofctl</c> syntax (empty for a catch-all).</param>
/// <param name="Cookie">The flow's cookie, when it has one.</param>
/// <param name="Actions">The actions applied, one per line, with OVS's own notes (<c>-&gt; …</c>).</param>
public sealed record TraceRule(int Table, int Priority, string Match, ulong? Cookie, IReadOnlyList<string> Actions)
{
    /// <summary>What the flow is for, from a FedNet cookie (<c>GatewayEgress</c>, …), or null for a foreign flow.</summary>
    public string? Purpose => Cookie is { } c && (c & Cookies.MarkerMask) == Cookies.Marker ? Cookies.KindOf(c).ToString() : null;

    /// <summary>True when the rule ends the frame's walk in this switch with nothing sent.</summary>
    public bool IsDrop => Actions.Count == 0 || Actions.Any(a => a is "drop") || Match == "No match.";
}
