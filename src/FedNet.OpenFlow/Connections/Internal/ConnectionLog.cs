using Microsoft.Extensions.Logging;

namespace FedNet.OpenFlow.Connections.Internal;

/// <summary>Log messages of switch connections and the listener (event ids 1100-1199 of the OpenFlow band).</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(1100, LogLevel.Information, "OpenFlow connection to {Remote} up: datapath {DatapathId:x16}, OpenFlow version 0x{Version:x2}, {Tables} tables")]
    public static partial void Connected(ILogger logger, string remote, ulong datapathId, byte version, byte tables);

    [LoggerMessage(1101, LogLevel.Information, "OpenFlow connection to {Remote} (datapath {DatapathId:x16}) closed: {Reason}")]
    public static partial void Closed(ILogger logger, string remote, ulong datapathId, string reason);

    [LoggerMessage(1102, LogLevel.Warning, "OpenFlow peer {Remote} sent a malformed message at byte offset {Offset} of the stream: {Reason}; closing the connection")]
    public static partial void Malformed(ILogger logger, string remote, long offset, string reason);

    [LoggerMessage(1103, LogLevel.Warning, "OpenFlow peer {Remote} refused at the handshake: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string reason);

    [LoggerMessage(1104, LogLevel.Warning, "OpenFlow peer {Remote} (datapath {DatapathId:x16}) answered no echo request within {Timeout}; closing the connection")]
    public static partial void EchoTimedOut(ILogger logger, string remote, ulong datapathId, TimeSpan timeout);

    [LoggerMessage(1105, LogLevel.Warning, "OpenFlow connection to {Remote} (datapath {DatapathId:x16}): unsolicited queue full, dropped {Count} messages so far")]
    public static partial void UnsolicitedDropped(ILogger logger, string remote, ulong datapathId, long count);

    [LoggerMessage(1106, LogLevel.Debug, "OpenFlow connection to {Remote}: reply with xid {Xid} matches no request (it may have timed out)")]
    public static partial void StrayReply(ILogger logger, string remote, uint xid);

    [LoggerMessage(1107, LogLevel.Error, "OpenFlow connection to {Remote} failed unexpectedly")]
    public static partial void Faulted(ILogger logger, string remote, Exception exception);

    [LoggerMessage(1110, LogLevel.Information, "OpenFlow listener accepting switches on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(1111, LogLevel.Information, "OpenFlow switch {DatapathId:x16} replaced its earlier connection")]
    public static partial void Replaced(ILogger logger, ulong datapathId);

    [LoggerMessage(1112, LogLevel.Warning, "OpenFlow listener on {Endpoint} stopped accepting")]
    public static partial void AcceptFailed(ILogger logger, string endpoint, Exception exception);
}
