using System.Globalization;
using System.Text.RegularExpressions;

namespace FedNet.Control.Tracing.Internal;

/// <summary>
/// One <c>ovs-appctl ofproto/trace</c> answer, parsed: the rules hit in the traced bridge (only the first
/// <c>bridge("…")</c> section: later ones are the underlay bridge a native tunnel goes through), the final flow and the
/// datapath actions.
/// </summary>
internal sealed partial record OfprotoTrace(IReadOnlyList<TraceRule> Rules, string FinalFlow, string DatapathActions)
{
    public static OfprotoTrace Parse(string text)
    {
        var rules = new List<TraceRule>();
        var bridges = 0;
        string finalFlow = "", datapath = "";
        List<string>? actions = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("bridge(\"", StringComparison.Ordinal))
            {
                bridges++;
                actions = null;
                continue;
            }
            if (line.StartsWith("Final flow: ", StringComparison.Ordinal))
            {
                finalFlow = line["Final flow: ".Length..];
                actions = null;
                continue;
            }
            if (line.StartsWith("Datapath actions: ", StringComparison.Ordinal))
            {
                datapath = line["Datapath actions: ".Length..];
                continue;
            }
            if (bridges != 1 || line.Length == 0 || line.StartsWith("---", StringComparison.Ordinal))
                continue;
            if (RuleLine().Match(line) is { Success: true } m)
            {
                actions = [];
                rules.Add(ParseRule(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, actions));
            }
            else if (actions is not null)
            {
                actions.Add(line.Trim());
            }
        }
        return new OfprotoTrace(rules, finalFlow, datapath);
    }

    private static TraceRule ParseRule(int table, string text, List<string> actions)
    {
        // "<match>, priority 100, cookie 0xfe…" or "priority 0" or "No match." (the table-miss of a table with no rule).
        var priority = -1;
        ulong? cookie = null;
        var match = text;
        var p = text.IndexOf("priority ", StringComparison.Ordinal);
        if (p >= 0)
        {
            match = text[..p].TrimEnd(' ', ',');
            var rest = text[(p + "priority ".Length)..];
            var comma = rest.IndexOf(',', StringComparison.Ordinal);
            _ = int.TryParse(comma < 0 ? rest : rest[..comma], NumberStyles.Integer, CultureInfo.InvariantCulture, out priority);
            var c = rest.IndexOf("cookie 0x", StringComparison.Ordinal);
            if (c >= 0 && ulong.TryParse(rest[(c + "cookie 0x".Length)..].Split(',')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture,
                    out var value))
                cookie = value;
        }
        return new TraceRule(table, priority, match, cookie, actions);
    }

    [GeneratedRegex(@"^ ?\s?(\d+)\. (.*)$")]
    private static partial Regex RuleLine();
}
