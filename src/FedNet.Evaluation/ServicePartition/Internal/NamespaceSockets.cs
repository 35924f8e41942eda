using System.ComponentModel;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FedNet.Evaluation.ServicePartition.Internal;

/// <summary>
/// TCP connections that leave from a given network namespace. setns(2) moves only the calling thread, and a socket stays
/// in the namespace it was created in, so the socket is created on a short-lived thread that first joins the namespace;
/// connecting and all I/O then happen from any thread. This is how one process stands for a VM whose interfaces the lab
/// puts in one namespace each (a vif per namespace), and how the session generator measures from a client VM.
/// </summary>
internal static class NamespaceSockets
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>An unconnected TCP socket in namespace <paramref name="netns"/> (a name under /run/netns).</summary>
    public static Socket CreateTcp(string netns)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle(Path.Combine("/run/netns", netns));
                if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {netns}");
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception or SocketException)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = "fednet-netns-socket" };
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"cannot create a socket in namespace {netns}: {failure?.Message}", failure);
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

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}
