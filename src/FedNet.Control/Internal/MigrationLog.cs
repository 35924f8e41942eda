using Microsoft.Extensions.Logging;

namespace FedNet.Control.Internal;

/// <summary>Log messages of migration and tracing (event ids 34xx).</summary>
internal static partial class MigrationLog
{
    [LoggerMessage(3401, LogLevel.Information, "Moved vif {Name} to {Host} as {HostInterface} ({Mac}, {Ip})")]
    public static partial void VifMoved(ILogger logger, string name, string host, string hostInterface, string mac, string ip);

    [LoggerMessage(3402, LogLevel.Information, "Migration: {Summary}")]
    public static partial void Migrated(ILogger logger, string summary);

    [LoggerMessage(3403, LogLevel.Warning, "Gratuitous ARP for {Name} not sent: {Reason}")]
    public static partial void AnnounceFailed(ILogger logger, string name, string reason, Exception? exception);
}
