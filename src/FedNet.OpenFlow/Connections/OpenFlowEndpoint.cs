using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FedNet.OpenFlow.Connections;

/// <summary>How an OpenFlow endpoint is reached.</summary>
public enum OpenFlowTransport
{
    /// <summary>TCP (<c>tcp:host:port</c>).</summary>
    Tcp,

    /// <summary>A unix domain stream socket (<c>unix:/path</c>); it crosses network namespaces.</summary>
    Unix,
}

/// <summary>
/// An OpenFlow endpoint in Open vSwitch's target syntax: <c>tcp:HOST:PORT</c> (IPv6 as <c>tcp:[::1]:PORT</c>) or
/// <c>unix:PATH</c>. The passive forms <c>ptcp:</c> and <c>punix:</c> are accepted with the same meaning, so a
/// listener can be given the string OVS would use.
/// </summary>
public sealed record OpenFlowEndpoint
{
    /// <summary>The IANA OpenFlow port.</summary>
    public const int DefaultPort = 6653;

    private OpenFlowEndpoint(OpenFlowTransport transport, string hostOrPath, int port)
    {
        Transport = transport;
        HostOrPath = hostOrPath;
        Port = port;
    }

    /// <summary>TCP or unix.</summary>
    public OpenFlowTransport Transport { get; }

    /// <summary>The host (TCP) or the socket path (unix).</summary>
    public string HostOrPath { get; }

    /// <summary>The TCP port; 0 for unix sockets (and for a listener asking for any free port).</summary>
    public int Port { get; }

    /// <summary>A TCP endpoint.</summary>
    public static OpenFlowEndpoint Tcp(string host, int port = DefaultPort)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return new OpenFlowEndpoint(OpenFlowTransport.Tcp, host, port);
    }

    /// <summary>A unix socket endpoint.</summary>
    public static OpenFlowEndpoint Unix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new OpenFlowEndpoint(OpenFlowTransport.Unix, path, 0);
    }

    /// <summary>Parses <c>tcp:host:port</c>, <c>unix:/path</c> (or their <c>p</c>-prefixed passive forms).</summary>
    /// <exception cref="FormatException">The text names no supported transport or has a bad port.</exception>
    public static OpenFlowEndpoint Parse(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw new FormatException($"'{target}': expected tcp:HOST:PORT or unix:PATH");
        var scheme = target[..colon];
        var rest = target[(colon + 1)..];
        switch (scheme)
        {
            case "unix" or "punix":
                if (rest.Length == 0)
                    throw new FormatException($"'{target}': the unix socket path is empty");
                return Unix(rest);
            case "tcp" or "ptcp":
                return ParseTcp(target, rest);
            default:
                throw new FormatException($"'{target}': unknown transport '{scheme}' (expected tcp or unix)");
        }
    }

    private static OpenFlowEndpoint ParseTcp(string target, string rest)
    {
        string host;
        string? port;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                throw new FormatException($"'{target}': unterminated '[' in the IPv6 address");
            host = rest[1..close];
            var after = rest[(close + 1)..];
            port = after.StartsWith(':') ? after[1..] : after.Length == 0 ? null : throw new FormatException($"'{target}': junk after ']'");
        }
        else
        {
            var lastColon = rest.LastIndexOf(':');
            (host, port) = lastColon < 0 ? (rest, null) : (rest[..lastColon], rest[(lastColon + 1)..]);
        }
        if (host.Length == 0)
            throw new FormatException($"'{target}': the host is empty");
        var number = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number > 65535))
            throw new FormatException($"'{target}': '{port}' is not a TCP port");
        return new OpenFlowEndpoint(OpenFlowTransport.Tcp, host, number);
    }

    /// <summary>Creates an unconnected stream socket for this transport.</summary>
    internal Socket CreateSocket(AddressFamily tcpFamily = AddressFamily.InterNetwork) => Transport == OpenFlowTransport.Unix
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(tcpFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    /// <summary>The target string, e.g. <c>tcp:127.0.0.1:6653</c>.</summary>
    public override string ToString() => Transport == OpenFlowTransport.Unix
        ? "unix:" + HostOrPath
        : IPAddress.TryParse(HostOrPath, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? $"tcp:[{HostOrPath}]:{Port}"
            : $"tcp:{HostOrPath}:{Port}";
}
