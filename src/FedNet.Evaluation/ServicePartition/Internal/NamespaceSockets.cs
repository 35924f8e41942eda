using System.ComponentModel;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace FedNet.Evaluation.ServicePartition.Internal;

/// <summary>
/// TCP connections that leave from a given network namespace: the socket is created inside it
/// (<see cref="NetworkNamespace.Run"/>); connecting and all I/O then happen from any thread. This is how one process stands for a VM whose interfaces the lab
/// puts in one namespace each (a vif per namespace), and how the session generator measures from a client VM.
/// </summary>
internal static class NamespaceSockets
{
    /// <summary>An unconnected TCP socket in namespace <paramref name="netns"/> (a name under /run/netns).</summary>
    public static Socket CreateTcp(string netns)
    {
        try
        {
            return NetworkNamespace.Run(netns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception or SocketException)
        {
            throw new InvalidOperationException($"cannot create a socket in namespace {netns}: {e.Message}", e);
        }
    }

    /// <summary>
    /// An HTTP handler whose connections leave from <paramref name="netns"/> (null: this process's namespace), one
    /// kept-alive connection per server (a browser's or a service's connection pool), no proxy.
    /// </summary>
    public static SocketsHttpHandler Handler(string? netns)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (netns is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = CreateTcp(netns);
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return handler;
    }
}
