using FedNet.Control;
using Microsoft.Extensions.Logging;

namespace FedNet.Api.Internal;

/// <summary>
/// The logger the server hands its controller: a switch's reconcile failure (the controller's event 3003) is logged when
/// the switch turns failing, not again on every reconcile while it stays failing (without a lab every switch fails
/// every reconcile). <see cref="Observe"/> with a report where the switch succeeded re-arms it.
/// </summary>
internal sealed class SwitchFailureLog(ILogger inner) : ILogger
{
    private const int ReconcileFailedEvent = 3003;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    /// <summary>Re-arms the switches that <paramref name="report"/> reconciled successfully.</summary>
    public void Observe(ReconcileReport report) => Recovered(report.Switches.Where(s => s.Succeeded).Select(s => s.Switch.ToString()));

    /// <summary>Re-arms <paramref name="switches"/> (as the controller names them, <c>node/bridge</c>).</summary>
    public void Recovered(IEnumerable<string> switches)
    {
        lock (_lock)
        {
            foreach (var s in switches)
                _failing.Remove(s);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == ReconcileFailedEvent && state is IReadOnlyList<KeyValuePair<string, object?>> fields
            && fields.FirstOrDefault(f => f.Key == "Switch").Value?.ToString() is { } id)
        {
            lock (_lock)
            {
                if (!_failing.Add(id))
                    return;
            }
        }
        inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
