using Microsoft.Extensions.Logging;

namespace FedNet.Control;

/// <summary>The controller's log messages (event ids 3xxx).</summary>
internal static partial class ControlLog
{
    [LoggerMessage(3001, LogLevel.Information, "Bound vif {Name} on {Host} as {HostInterface} ({Mac}, {Ip})")]
    public static partial void VifBound(ILogger logger, string name, string host, string hostInterface, string mac, string ip);

    [LoggerMessage(3002, LogLevel.Information, "Reconciled {Switch}: {Summary}")]
    public static partial void SwitchReconciled(ILogger logger, string @switch, string summary);

    [LoggerMessage(3003, LogLevel.Error, "Reconcile of {Switch} failed: {Reason}")]
    public static partial void SwitchFailed(ILogger logger, string @switch, string reason, Exception? exception);

    [LoggerMessage(3004, LogLevel.Error, "{Switch} refused flow {Flow}: OFPET {ErrorType} code {Code}")]
    public static partial void FlowRefused(ILogger logger, string @switch, string flow, string errorType, int code);

    [LoggerMessage(3005, LogLevel.Warning, "{Switch}: the bundle was refused ({Reason}); sending the flows one by one")]
    public static partial void BundleRefused(ILogger logger, string @switch, string reason);

    [LoggerMessage(3006, LogLevel.Debug, "{Switch}: answered ARP for {Ip} on port {Port} with {Mac}")]
    public static partial void ArpAnswered(ILogger logger, string @switch, string ip, uint port, string mac);

    [LoggerMessage(3007, LogLevel.Warning, "Audit repaired drift: {Switch}: {Summary}")]
    public static partial void DriftRepaired(ILogger logger, string @switch, string summary);

    [LoggerMessage(3008, LogLevel.Warning, "{Switch}: dropped a malformed packet-in: {Reason}")]
    public static partial void BadPacketIn(ILogger logger, string @switch, string reason);

    [LoggerMessage(3009, LogLevel.Information, "Connected to {Switch} at {Target}")]
    public static partial void Connected(ILogger logger, string @switch, string target);

    [LoggerMessage(3010, LogLevel.Error, "Audit failed: {Reason}")]
    public static partial void AuditFailed(ILogger logger, string reason, Exception? exception);
}
