using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FedNet.OpenFlow.Connections.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedNet.OpenFlow.Connections;

/// <summary>
/// Accepts switches that connect in (Open vSwitch's <c>set-controller tcp:..</c> or <c>unix:..</c>), on TCP and unix
/// sockets at once. Each accepted socket gets its own <see cref="SwitchConnection"/>; once hello and features are done
/// the switch is listed in <see cref="Switches"/> by datapath id and announced on <see cref="Connections"/>. A switch
/// that connects again replaces (and closes) its earlier connection. A peer that fails the handshake is closed and
/// logged; the listener carries on.
/// </summary>
public sealed class OpenFlowListener : IAsyncDisposable
{
    private readonly OpenFlowListenerOptions _options;
    private readonly ILogger _logger;
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<ulong, SwitchConnection> _switches = new();
    private readonly ConcurrentDictionary<SwitchConnection, byte> _all = new();
    private readonly Channel<SwitchConnection> _connections = Channel.CreateUnbounded<SwitchConnection>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<string> _unixPaths = [];
    private int _disposed;

    private OpenFlowListener(OpenFlowListenerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>The endpoints actually bound (a TCP port of 0 replaced by the one the system chose).</summary>
    public IReadOnlyList<OpenFlowEndpoint> LocalEndpoints { get; private set; } = [];

    /// <summary>Switches connected now, by datapath id.</summary>
    public IReadOnlyDictionary<ulong, SwitchConnection> Switches => _switches;

    /// <summary>Every switch as its handshake completes (including reconnections).</summary>
    public ChannelReader<SwitchConnection> Connections => _connections.Reader;

    /// <summary>Binds every endpoint of <paramref name="options"/> and starts accepting.</summary>
    /// <exception cref="OpenFlowConnectionException">An endpoint could not be bound (in use, no permission).</exception>
    public static OpenFlowListener Start(OpenFlowListenerOptions? options = null, ILogger? logger = null)
    {
        options = (options ?? new OpenFlowListenerOptions()).Validate();
        var listener = new OpenFlowListener(options, logger ?? NullLogger.Instance);
        try
        {
            listener.Bind();
        }
        catch
        {
            listener.StopSockets();
            throw;
        }
        return listener;
    }

    private void Bind()
    {
        var bound = new List<OpenFlowEndpoint>();
        foreach (var target in _options.Endpoints)
        {
            var endpoint = OpenFlowEndpoint.Parse(target);
            Socket socket;
            try
            {
                if (endpoint.Transport == OpenFlowTransport.Unix)
                {
                    // A stale socket file from a crashed run would make bind fail with EADDRINUSE.
                    if (File.Exists(endpoint.HostOrPath))
                        File.Delete(endpoint.HostOrPath);
                    socket = endpoint.CreateSocket();
                    socket.Bind(new UnixDomainSocketEndPoint(endpoint.HostOrPath));
                    _unixPaths.Add(endpoint.HostOrPath);
                }
                else
                {
                    var address = IPAddress.TryParse(endpoint.HostOrPath, out var ip)
                        ? ip
                        : Dns.GetHostAddresses(endpoint.HostOrPath)[0];
                    socket = endpoint.CreateSocket(address.AddressFamily);
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    socket.Bind(new IPEndPoint(address, endpoint.Port));
                    var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                    endpoint = OpenFlowEndpoint.Tcp(endpoint.HostOrPath, port);
                }
                _sockets.Add(socket);
                socket.Listen(_options.Backlog);
            }
            catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
            {
                throw new OpenFlowConnectionException($"cannot listen on {target}: {e.Message}", e);
            }
            bound.Add(endpoint);
            ConnectionLog.Listening(_logger, endpoint.ToString());
        }
        LocalEndpoints = bound;
        for (var i = 0; i < _sockets.Count; i++)
        {
            var (socket, endpoint) = (_sockets[i], bound[i]);
            _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(socket, endpoint)));
        }
    }

    /// <summary>Waits until the switch with <paramref name="datapathId"/> is connected and returns its connection.</summary>
    public async Task<SwitchConnection> WaitForSwitchAsync(ulong datapathId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_switches.TryGetValue(datapathId, out var connection) && connection.IsConnected)
                return connection;
            // Polling keeps this simple and cheap: it only runs while a caller is waiting for a switch to appear.
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync(Socket socket, OpenFlowEndpoint endpoint)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!_stopping.IsCancellationRequested)
                    ConnectionLog.AcceptFailed(_logger, endpoint.ToString(), e);
                return;
            }
            if (endpoint.Transport == OpenFlowTransport.Tcp)
                accepted.NoDelay = true;
            _ = Task.Run(() => HandshakeAsync(accepted, endpoint));
        }
    }

    private async Task HandshakeAsync(Socket socket, OpenFlowEndpoint endpoint)
    {
        var remote = endpoint.Transport == OpenFlowTransport.Unix ? endpoint.ToString() : socket.RemoteEndPoint?.ToString() ?? "?";
        SwitchConnection connection;
        try
        {
            connection = await SwitchConnection.StartAsync(socket, remote, _options.Connection, _logger, _stopping.Token)
                .ConfigureAwait(false);
        }
        catch (Exception)
        {
            // StartAsync logged the reason and closed the socket; the listener carries on whatever went wrong.
            return;
        }
        _all[connection] = 0;
        if (_stopping.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }
        var dpid = connection.DatapathId;
        SwitchConnection? previous = null;
        _switches.AddOrUpdate(dpid, connection, (_, old) =>
        {
            previous = old;
            return connection;
        });
        if (previous is not null)
        {
            ConnectionLog.Replaced(_logger, dpid);
            await previous.DisposeAsync().ConfigureAwait(false);
        }
        _connections.Writer.TryWrite(connection);
        _ = connection.Completion.ContinueWith(completed =>
        {
            _switches.TryRemove(new KeyValuePair<ulong, SwitchConnection>(dpid, connection));
            _all.TryRemove(connection, out _);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void StopSockets()
    {
        _stopping.Cancel();
        foreach (var s in _sockets)
            s.Dispose();
        foreach (var path in _unixPaths)
        {
            try { File.Delete(path); }
            catch (IOException) { }
        }
    }

    /// <summary>Stops accepting and closes every switch connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        StopSockets();
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        foreach (var c in _all.Keys)
            await c.DisposeAsync().ConfigureAwait(false);
        _connections.Writer.TryComplete();
        _stopping.Dispose();
    }
}
