using FedNet.Api.Internal;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>A switch's reconcile failure is logged once when it turns failing, again only after it recovered.</summary>
public sealed class SwitchFailureLogTests
{
    // The shape of the controller's event 3003 (ControlLog.ReconcileFailed).
    private static readonly Action<ILogger, string, string, Exception?> Failed =
        LoggerMessage.Define<string, string>(LogLevel.Error, new EventId(3003), "Reconcile of {Switch} failed: {Reason}");

    private static readonly Action<ILogger, string, Exception?> Other =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(3004), "something else about {Switch}");

    [Fact]
    public void Log_SwitchFailingOnEveryReconcile_LoggedOncePerTurnToFailing()
    {
        var inner = new Recorder();
        var log = new SwitchFailureLog(inner);

        for (var i = 0; i < 5; i++)
        {
            Failed(log, "kuas-gw/br-gw", "node kuas-gw has no known endpoint", null);
            Failed(log, "ncku-h1/br-int", $"timeout after {i} s", null);
            Other(log, "kuas-gw/br-gw", null);
        }
        log.Recovered(["kuas-gw/br-gw"]);
        Failed(log, "kuas-gw/br-gw", "node kuas-gw has no known endpoint", null);
        Failed(log, "ncku-h1/br-int", "still down", null);

        Assert.Equal(
        [
            "Reconcile of kuas-gw/br-gw failed: node kuas-gw has no known endpoint",
            "Reconcile of ncku-h1/br-int failed: timeout after 0 s",
            .. Enumerable.Repeat("something else about kuas-gw/br-gw", 5),
            "Reconcile of kuas-gw/br-gw failed: node kuas-gw has no known endpoint",
        ], inner.Lines);
    }

    private sealed class Recorder : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
