using Microsoft.Extensions.Logging;

namespace FedNet.Control.Internal;

/// <summary>The controller's connection-lifecycle log messages (event ids 31xx).</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(3101, LogLevel.Warning, "{Node}: retry {Attempt} in {DelayMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, string node, int attempt, long delayMs, string reason);

    [LoggerMessage(3102, LogLevel.Information, "{Node}: reconnected and reconciled after {Attempt} attempt(s): {Summary}")]
    public static partial void Recovered(ILogger logger, string node, int attempt, string summary);

    [LoggerMessage(3103, LogLevel.Warning, "{Switch}: connection lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string @switch, string reason);

    [LoggerMessage(3104, LogLevel.Error, "{Node}: the retry loop failed: {Reason}")]
    public static partial void RetryLoopFailed(ILogger logger, string node, string reason, Exception exception);
}
