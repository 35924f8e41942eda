using Microsoft.Extensions.Logging;

namespace FedNet.Lab.Internal;

/// <summary>The lab's log messages (event ids 5xxx).</summary>
internal static partial class LabLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Lab {LabId}: {Step}")]
    public static partial void Step(ILogger logger, string labId, string step);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Lab {LabId} is up in {Seconds:0.0} s")]
    public static partial void Up(ILogger logger, string labId, double seconds);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Lab {LabId} failed to come up; cleaning up")]
    public static partial void UpFailed(ILogger logger, string labId, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Lab {LabId}: ending {Role} (pid {Pid})")]
    public static partial void Ending(ILogger logger, string labId, string role, int pid);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning,
        Message = "Lab {LabId}: pid file {PidFile} names pid {Pid}, which is not the lab's; left alone")]
    public static partial void ForeignPid(ILogger logger, string labId, string pidFile, int pid);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Lab {LabId}: VM {Vm} bound on {Host} as {HostInterface}")]
    public static partial void VmBound(ILogger logger, string labId, string vm, string host, string hostInterface);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Lab {LabId}: VM {Vm} unbound")]
    public static partial void VmUnbound(ILogger logger, string labId, string vm);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning,
        Message = "Lab {LabId}: VM {Vm}: removed the leftovers of an interrupted bind (namespace {Namespace}, host interface {HostInterface})")]
    public static partial void BindLeftoverRemoved(ILogger logger, string labId, string vm, string @namespace, string hostInterface);
}
