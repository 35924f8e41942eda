using System.Threading.Channels;
using FedNet.Api.Contracts;
using FedNet.Planning;

namespace FedNet.Api.Internal;

/// <summary>
/// Each service's reconcile state (applying, ready, degraded with the failing switches) and the subscribers of its
/// progress events. A commit marks its services applying at its revision; a reconcile of revision R settles every
/// service whose pending revision is at most R.
/// </summary>
internal sealed class StatusBoard
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ServiceKey, Entry> _entries = [];

    /// <summary>The diagnostic a loaded service carries until the first reconcile after a start settles it.</summary>
    public const string UnknownSinceRestart =
        "status unknown since the server restarted (the last status is not stored): the first reconcile after the start settles it";

    /// <summary>A commit at <paramref name="revision"/> changed <paramref name="key"/>: it is applying until a reconcile covers it.</summary>
    public void MarkApplying(ServiceKey key, long revision)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
                _entries[key] = entry = new Entry();
            entry.Pending = revision;
            entry.State = ServiceStates.Applying;
            entry.Problems = [];
            entry.SinceRestart = false;
        }
    }

    /// <summary>
    /// The server started and loaded <paramref name="key"/> from the store: its last status was not kept, so until the
    /// first reconcile after the start settles it, it is applying with a diagnostic saying its status is unknown since
    /// the restart (the switches may hold anything the previous server left).
    /// </summary>
    public void MarkLoaded(ServiceKey key, long revision)
    {
        MarkApplying(key, revision);
        lock (_lock)
            _entries[key].SinceRestart = true;
    }

    /// <summary>The service was deleted: its subscribers get a last <c>done</c>.</summary>
    public void Remove(ServiceKey key, long revision)
    {
        List<Channel<ProgressEventDto>> subscribers;
        lock (_lock)
        {
            if (!_entries.Remove(key, out var entry))
                return;
            subscribers = entry.Subscribers;
        }
        foreach (var s in subscribers)
            s.Writer.TryWrite(new ProgressEventDto("deleted", 1, 1, "the service was deleted", revision));
    }

    /// <summary>The service's status, or null when no commit ever named it.</summary>
    public ServiceStatusDto? Get(ServiceKey key, IReadOnlyList<string> diagnostics)
    {
        lock (_lock)
            return _entries.TryGetValue(key, out var e)
                ? new ServiceStatusDto(e.State, e.Problems, e.Pending, e.SinceRestart ? [UnknownSinceRestart, .. diagnostics] : diagnostics)
                : null;
    }

    /// <summary>The service's state name (applying when unknown: a commit is on its way).</summary>
    public string StateOf(ServiceKey key)
    {
        lock (_lock)
            return _entries.TryGetValue(key, out var e) ? e.State : ServiceStates.Applying;
    }

    /// <summary>
    /// Subscribes to the service's events. <paramref name="settled"/> is the final event when the service is not applying
    /// (the caller sends it and stops); otherwise events arrive on the reader until one is final.
    /// </summary>
    public Subscription Subscribe(ServiceKey key, out ProgressEventDto? settled)
    {
        var channel = Channel.CreateUnbounded<ProgressEventDto>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.State != ServiceStates.Applying)
            {
                settled = entry is null
                    ? new ProgressEventDto("deleted", 1, 1, "no such service", 0)
                    : Final(entry.State, entry.Problems, entry.Pending);
                return new Subscription(this, key, null);
            }
            entry.Subscribers.Add(channel);
            settled = null;
        }
        return new Subscription(this, key, channel);
    }

    /// <summary>Sends a progress event to every service a reconcile of <paramref name="revision"/> covers.</summary>
    public void Progress(long revision, string step, int done, int total, string message)
    {
        var e = new ProgressEventDto(step, done, total, message, revision);
        foreach (var s in Covered(revision, onlyApplying: true).SelectMany(p => p.Value.Subscribers))
            s.Writer.TryWrite(e);
    }

    /// <summary>
    /// Settles every service covered by a reconcile of <paramref name="revision"/> (all of them when <paramref name="audit"/>:
    /// an audit re-judges settled services too, but never one a newer commit made applying).
    /// </summary>
    public IReadOnlyList<(ServiceKey Key, string State)> Settle(long revision, Func<ServiceKey, IReadOnlyList<SwitchProblemDto>> problemsOf, bool audit)
    {
        var changed = new List<(ServiceKey, string)>();
        var events = new List<(Channel<ProgressEventDto>, ProgressEventDto)>();
        lock (_lock)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.Pending > revision || (audit && entry.State == ServiceStates.Applying))
                    continue;
                var problems = problemsOf(key);
                var state = problems.Count == 0 ? ServiceStates.Ready : ServiceStates.Degraded;
                if (state != entry.State)
                    changed.Add((key, state));
                entry.State = state;
                entry.Problems = problems;
                entry.SinceRestart = false;
                var final = Final(state, problems, entry.Pending);
                events.AddRange(entry.Subscribers.Select(s => (s, final)));
            }
        }
        foreach (var (channel, e) in events)
            channel.Writer.TryWrite(e);
        return changed;
    }

    private static ProgressEventDto Final(string state, IReadOnlyList<SwitchProblemDto> problems, long revision) =>
        new(state, 1, 1, problems.Count == 0
            ? "every switch holds the desired state"
            : $"{problems.Count} switch(es) failed: " + string.Join("; ", problems.Take(3).Select(p => $"{p.Switch}: {p.Reason}")), revision);

    private List<KeyValuePair<ServiceKey, Entry>> Covered(long revision, bool onlyApplying)
    {
        lock (_lock)
            return [.. _entries.Where(p => p.Value.Pending <= revision && (!onlyApplying || p.Value.State == ServiceStates.Applying))
                .Select(p => KeyValuePair.Create(p.Key, p.Value.Snapshot()))];
    }

    private void Unsubscribe(ServiceKey key, Channel<ProgressEventDto> channel)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
                entry.Subscribers.Remove(channel);
        }
    }

    /// <summary>Whether an event ends a subscription.</summary>
    public static bool IsFinal(ProgressEventDto e) => e.Step is ServiceStates.Ready or ServiceStates.Degraded or "deleted";

    private sealed class Entry
    {
        public long Pending { get; set; }

        public string State { get; set; } = ServiceStates.Applying;

        public IReadOnlyList<SwitchProblemDto> Problems { get; set; } = [];

        public bool SinceRestart { get; set; }

        public List<Channel<ProgressEventDto>> Subscribers { get; init; } = [];

        public Entry Snapshot() => new() { Pending = Pending, State = State, Problems = Problems, Subscribers = [.. Subscribers] };
    }

    /// <summary>One subscriber's events; disposing it unsubscribes.</summary>
    internal sealed class Subscription(StatusBoard board, ServiceKey key, Channel<ProgressEventDto>? channel) : IDisposable
    {
        public ChannelReader<ProgressEventDto>? Reader => channel?.Reader;

        public void Dispose()
        {
            if (channel is not null)
                board.Unsubscribe(key, channel);
        }
    }
}
