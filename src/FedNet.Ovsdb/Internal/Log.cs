using Microsoft.Extensions.Logging;

namespace FedNet.Ovsdb.Internal;

/// <summary>OVSDB log messages (event ids 2xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "OVSDB connected to {Target}")]
    public static partial void Connected(ILogger logger, string target);

    [LoggerMessage(2002, LogLevel.Warning, "OVSDB connection to {Target} lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string target, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "OVSDB reconnect to {Target} failed, next try in {DelayMs} ms: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string target, long delayMs, string reason);

    [LoggerMessage(2004, LogLevel.Warning, "OVSDB peer {Target} broke the protocol, dropping the connection: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string target, string reason);

    [LoggerMessage(2005, LogLevel.Debug, "OVSDB ignored notification {Method} from {Target}")]
    public static partial void UnknownNotification(ILogger logger, string method, string target);

    [LoggerMessage(2006, LogLevel.Debug, "OVSDB update for unknown table(s) {Tables} ignored")]
    public static partial void UnknownTables(ILogger logger, string tables);

    [LoggerMessage(2007, LogLevel.Information, "OVSDB re-established {Monitors} monitor(s) and {Locks} lock(s) on {Target}")]
    public static partial void Resynced(ILogger logger, int monitors, int locks, string target);

    [LoggerMessage(2008, LogLevel.Warning, "OVSDB could not re-establish monitor {MonitorId}: {Reason}")]
    public static partial void ResyncFailed(ILogger logger, string monitorId, string reason);

    [LoggerMessage(2009, LogLevel.Information, "OVSDB ensure by {Owner}: {Inserted} inserted, {Updated} updated, {Deleted} deleted in {Operations} write operation(s)")]
    public static partial void Ensured(ILogger logger, string owner, int inserted, int updated, int deleted, int operations);

    [LoggerMessage(2011, LogLevel.Error, "OVSDB update handler failed on {Target}; dropping the connection to resynchronise")]
    public static partial void HandlerFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(2010, LogLevel.Information, "OVSDB ensure by {Owner} conflicted with another client (attempt {Attempt}): {Reason}")]
    public static partial void EnsureConflict(ILogger logger, string owner, int attempt, string reason);
}
