using System.Text.Json.Nodes;

namespace FedNet.Evaluation.Latency;

/// <summary>
/// One pair's samples on one path over all its phases: the first reply of the first phase (cold, with ARP resolution)
/// apart from the rest (warm), which the statistics use.
/// </summary>
public sealed record PathSamples(PingReply? First, IReadOnlyList<double> Warm, int Sent, int Received, IReadOnlyList<PhaseResult> Phases)
{
    /// <summary>Splits <paramref name="phases"/> (in the order they ran) into the cold first reply and the warm rest.</summary>
    public static PathSamples Of(IReadOnlyList<PhaseResult> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        PingReply? first = null;
        var warm = new List<double>();
        foreach (var phase in phases.OrderBy(p => p.Phase))
        {
            foreach (var reply in phase.Replies)
            {
                if (first is null && ReferenceEquals(phase, phases.MinBy(p => p.Phase)))
                    first = reply;
                else
                    warm.Add(reply.RttMs);
            }
        }
        return new PathSamples(first, warm, phases.Sum(p => p.Sent), phases.Sum(p => p.Replies.Count), phases);
    }

    /// <summary>JSON: the first reply, counts, the summary and every reply of every phase.</summary>
    public JsonObject ToJson(Summary summary) => new()
    {
        ["first"] = First is { } f ? new JsonObject { ["seq"] = f.Sequence, ["rttMs"] = f.RttMs } : null,
        ["sent"] = Sent,
        ["received"] = Received,
        ["meanMs"] = summary.Mean,
        ["p50Ms"] = summary.Median,
        ["p99Ms"] = summary.P99,
        ["phases"] = new JsonArray([.. Phases.Select(p => (JsonNode?)new JsonObject
        {
            ["phase"] = p.Phase,
            ["sent"] = p.Sent,
            ["seq"] = new JsonArray([.. p.Replies.Select(r => (JsonNode?)JsonValue.Create(r.Sequence))]),
            ["rttMs"] = new JsonArray([.. p.Replies.Select(r => (JsonNode?)JsonValue.Create(r.RttMs))]),
        })]),
    };
}
