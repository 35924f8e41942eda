using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FedNet.Ovsdb;

/// <summary>An active OVSDB remote as ovs-vsctl writes it: <c>unix:PATH</c> or <c>tcp:HOST:PORT</c>.</summary>
public sealed record OvsdbTarget(string Text, EndPoint EndPoint)
{
    /// <summary>Parses a remote; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static OvsdbTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("unix:", StringComparison.Ordinal) && text.Length > 5)
            return new OvsdbTarget(text, new UnixDomainSocketEndPoint(text[5..]));
        if (text.StartsWith("tcp:", StringComparison.Ordinal))
        {
            var rest = text[4..];
            var colon = rest.LastIndexOf(':');
            if (colon > 0 && int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                && port is > 0 and < 65536)
            {
                var host = rest[..colon].Trim('[', ']');
                return new OvsdbTarget(text, IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port));
            }
        }
        throw new FormatException($"OVSDB remote \"{text}\": expected unix:PATH or tcp:HOST:PORT");
    }

    public override string ToString() => Text;
}
