using Microsoft.Extensions.Logging;

namespace FedNet.Api.Internal;

/// <summary>The API's log lines (event ids 4xxx).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Listening on {Address} (data {DataDirectory})")]
    public static partial void Listening(ILogger logger, string address, string dataDirectory);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Committed revision {Revision} by {Actor}: {Summary}")]
    public static partial void Committed(ILogger logger, long revision, string actor, string summary);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "Reconciled revision {Revision}: {Switches} switches, {FlowMods} flow-mods, {Failed} failed ({ElapsedMs} ms)")]
    public static partial void Reconciled(ILogger logger, long revision, int switches, int flowMods, int failed, long elapsedMs);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Reconcile of revision {Revision} failed: {Reason}")]
    public static partial void ReconcileFailed(ILogger logger, long revision, string reason, Exception? exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Stored service {Tenant}/{Service} no longer reads: {Errors}")]
    public static partial void StoredServiceUnreadable(ILogger logger, string tenant, string service, string errors);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "The stored federation no longer reads: {Errors}")]
    public static partial void StoredFederationUnreadable(ILogger logger, string errors);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "No lab '{Lab}' under {Root}: the API serves, switches are reported unreachable")]
    public static partial void NoLab(ILogger logger, string lab, string root);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Service {Tenant}/{Service} is {State} at revision {Revision}")]
    public static partial void ServiceState(ILogger logger, string tenant, string service, string state, long revision);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Audit reconcile failed: {Reason}")]
    public static partial void AuditFailed(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Cannot unbind the endpoint {Vm} of a removed vif: {Reason}")]
    public static partial void UnbindFailed(ILogger logger, string vm, string reason, Exception? exception);
}
