using FedNet.Lab;

namespace FedNet.Evaluation.ServicePartition.Internal;

/// <summary>
/// The least time the emulated WAN adds to a request/response between two sites: the lab's emulator delays every frame
/// by its transit's one-way delay ± jitter and never earlier, so a round trip over transits T costs at least
/// 2 × Σ(delay − jitter) over T, whatever the CPU does. Sites with no direct transit go through the transits' graph
/// (ncku ↔ ntust crosses both through kuas).
/// </summary>
internal sealed class WanFloor
{
    private readonly IReadOnlyList<LabTransitState> _transits;

    public WanFloor(IReadOnlyList<LabTransitState> transits) => _transits = transits;

    /// <summary>The transits a frame from <paramref name="from"/> to <paramref name="to"/> crosses (fewest hops; empty within a site).</summary>
    public IReadOnlyList<LabTransitState> Path(string from, string to)
    {
        if (from == to)
            return [];
        var previous = new Dictionary<string, (string Site, LabTransitState Transit)>(StringComparer.Ordinal);
        var queue = new Queue<string>([from]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        while (queue.Count > 0)
        {
            var site = queue.Dequeue();
            foreach (var t in _transits.Where(t => t.SiteA == site || t.SiteB == site))
            {
                var next = t.SiteA == site ? t.SiteB : t.SiteA;
                if (!seen.Add(next))
                    continue;
                previous[next] = (site, t);
                if (next == to)
                {
                    var path = new List<LabTransitState>();
                    for (var s = to; s != from; s = previous[s].Site)
                        path.Add(previous[s].Transit);
                    path.Reverse();
                    return path;
                }
                queue.Enqueue(next);
            }
        }
        throw new InvalidOperationException($"no transit path from site {from} to site {to}");
    }

    /// <summary>Least round-trip time the emulator adds between the two sites, in ms.</summary>
    public double RoundTripMs(string from, string to) =>
        2 * Path(from, to).Sum(t => (t.Wan.Delay - t.Wan.Jitter).TotalMilliseconds);
}
