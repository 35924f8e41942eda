using System.Text.Json.Nodes;

namespace FedNet.Cbench;

/// <summary>What one run counted in its window (after the warm-up).</summary>
/// <param name="Options">The run's settings.</param>
/// <param name="Elapsed">The counted window as measured (close to <see cref="CbenchOptions.Duration"/>).</param>
/// <param name="FlowMods">Flow-mods received from the controller in the window.</param>
/// <param name="PacketOuts">Packet-outs received in the window.</param>
/// <param name="PacketInsSent">Packet-ins the switches handed to their sockets in the window.</param>
/// <param name="PerSwitchResponses">Flow-mods + packet-outs per switch in the window (fairness across connections).</param>
/// <param name="ErrorsReceived">OFPT_ERROR messages the controller sent during the whole run.</param>
/// <param name="FirstError">The first of them, as text.</param>
/// <param name="LatenciesMs">Latency mode: every packet-in → packet-out round trip in the window, in ms.</param>
/// <param name="Unanswered">Latency mode: packet-ins given up on (no packet-out within the resend time) in the window.</param>
public sealed record CbenchResult(
    CbenchOptions Options,
    TimeSpan Elapsed,
    long FlowMods,
    long PacketOuts,
    long PacketInsSent,
    IReadOnlyList<long> PerSwitchResponses,
    long ErrorsReceived,
    string? FirstError,
    IReadOnlyList<double> LatenciesMs,
    long Unanswered)
{
    /// <summary>Flow-mods and packet-outs together.</summary>
    public long Responses => FlowMods + PacketOuts;

    /// <summary>Responses per second of the window.</summary>
    public double ResponsesPerSecond => Responses / Elapsed.TotalSeconds;

    /// <summary>The run as one JSON object (what the command prints).</summary>
    public JsonObject ToJson()
    {
        var seconds = Elapsed.TotalSeconds;
        var json = new JsonObject
        {
            ["controller"] = Options.Controller,
            ["mode"] = Options.Mode == CbenchMode.Latency ? "latency" : "throughput",
            ["switches"] = Options.Switches,
            ["macs"] = Options.Macs,
            ["warmupSeconds"] = Options.Warmup.TotalSeconds,
            ["durationSeconds"] = seconds,
            ["responses"] = Responses,
            ["flowMods"] = FlowMods,
            ["packetOuts"] = PacketOuts,
            ["packetInsSent"] = PacketInsSent,
            ["responsesPerSecond"] = ResponsesPerSecond,
            ["flowModsPerSecond"] = FlowMods / seconds,
            ["packetOutsPerSecond"] = PacketOuts / seconds,
            ["perSwitchResponses"] = new JsonArray([.. PerSwitchResponses.Select(r => (JsonNode?)r)]),
            ["errorsReceived"] = ErrorsReceived,
            ["firstError"] = FirstError,
        };
        if (Options.Mode == CbenchMode.Latency)
        {
            var sorted = LatenciesMs.Order().ToArray();
            json["latency"] = new JsonObject
            {
                ["samples"] = sorted.Length,
                ["unanswered"] = Unanswered,
                ["answeredPerSecond"] = sorted.Length / seconds,
                ["p50Ms"] = Percentile(sorted, 50),
                ["p99Ms"] = Percentile(sorted, 99),
                ["meanMs"] = sorted.Length == 0 ? null : sorted.Average(),
                ["minMs"] = sorted.Length == 0 ? null : sorted[0],
                ["maxMs"] = sorted.Length == 0 ? null : sorted[^1],
            };
        }
        return json;
    }

    private static double? Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
            return null;
        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }
}
