using System.Globalization;
using System.Text.Json.Nodes;

namespace FedNet.Evaluation.Arp;

/// <summary>How the experiments report what their <see cref="TransitCapture"/> counted: one table and one JSON array.</summary>
internal static class TransitReport
{
    /// <summary>A table with one row per transit.</summary>
    public static ReportTable Table(string caption, IReadOnlyList<TransitObservation> observations) => new(
        caption,
        ["Transit", "Captured on", "Frames captured", "Tenant frames", "Tenant ARP frames", "Tenant ARP broadcasts (must be 0)", "Tenant broadcast/multicast"],
        [.. observations.Select(o => (IReadOnlyList<string>)
        [
            o.Transit, o.Where, I(o.Count.Captured), I(o.Count.TenantFrames), I(o.Count.Arp), I(o.Count.ArpBroadcasts), I(o.Count.Multicast),
        ])]);

    /// <summary>The same as JSON.</summary>
    public static JsonArray Json(IReadOnlyList<TransitObservation> observations) =>
    [
        .. observations.Select(o => (JsonNode?)new JsonObject
        {
            ["transit"] = o.Transit,
            ["capturedOn"] = o.Where,
            ["captured"] = o.Count.Captured,
            ["tenantFrames"] = o.Count.TenantFrames,
            ["arp"] = o.Count.Arp,
            ["arpBroadcasts"] = o.Count.ArpBroadcasts,
            ["multicast"] = o.Count.Multicast,
        }),
    ];

    /// <summary>A note when a transit saw a tenant ARP broadcast (a broken product guarantee), else null.</summary>
    public static string? Violation(IReadOnlyList<TransitObservation> observations)
    {
        var bad = observations.Where(o => o.Count.ArpBroadcasts > 0).ToList();
        return bad.Count == 0
            ? null
            : "VIOLATION: tenant ARP broadcasts crossed " + string.Join(", ", bad.Select(o => $"{o.Transit} ({I(o.Count.ArpBroadcasts)})")) +
              "; FedNet promises none (DESIGN.md, mechanism 5).";
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
