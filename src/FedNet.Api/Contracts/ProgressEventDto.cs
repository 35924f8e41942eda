namespace FedNet.Api.Contracts;

/// <summary>
/// One server-sent event of <c>GET …/events</c>: <c>event: progress</c> while an apply runs, then <c>event: done</c>
/// whose data is the same record with <see cref="Step"/> = the final state (ready or degraded).
/// </summary>
/// <param name="Step">committed, reconciling, switch, ready, degraded.</param>
/// <param name="Done">Steps done so far.</param>
/// <param name="Total">Steps in all (switches to reconcile + 1).</param>
/// <param name="Message">A line a person reads.</param>
/// <param name="Revision">The store revision being applied.</param>
public sealed record ProgressEventDto(string Step, int Done, int Total, string Message, long Revision);
