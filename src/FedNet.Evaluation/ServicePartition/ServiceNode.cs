using System.Net;
using System.Text;
using FedNet.Evaluation.ServicePartition.Internal;

namespace FedNet.Evaluation.ServicePartition;

/// <summary>
/// One component of the e-learning service as a small HTTP server (<see cref="HttpListener"/>) with an in-memory
/// "database": <c>fednet bench service-node</c> runs one inside a VM's namespace. The portal fans every interaction
/// out to the components Table 1 names (<see cref="Interactions.Calls"/>) over kept-alive connections, so each
/// interaction crosses exactly the networks, and WAN paths, its placement implies. A failed upstream call makes the
/// portal answer 502; nothing a client sends stops the node.
/// </summary>
public sealed class ServiceNode : IAsyncDisposable
{
    /// <summary>The line a node prints on standard output once it listens (the experiment waits for it).</summary>
    public const string ReadyLine = "service-node ready";

    private readonly HttpListener _listener;
    private readonly ServiceLogic _logic;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private ServiceNode(HttpListener listener, ServiceLogic logic)
    {
        _listener = listener;
        _logic = logic;
        _accepting = AcceptAsync();
    }

    /// <summary>The URL it serves (<c>http://IP:PORT/</c>).</summary>
    public Uri Url => new(_listener.Prefixes.First());

    /// <summary>Requests served, by path (first segment), e.g. "users" on the school-db.</summary>
    public IReadOnlyDictionary<string, int> Served => _logic.Served;

    /// <summary>Starts listening on <paramref name="options"/>' address.</summary>
    public static ServiceNode Start(ServiceNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://{options.Listen}/");
        listener.Start();
        return new ServiceNode(listener, new ServiceLogic(options));
    }

    /// <summary>Runs a node until <paramref name="cancellationToken"/> is cancelled (the process is ended), printing <see cref="ReadyLine"/> once it listens.</summary>
    public static async Task RunAsync(ServiceNodeOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var node = Start(options);
        await output.WriteLineAsync($"{ReadyLine} {ServiceRoles.Name(options.Role)} {node.Url}").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ended: dispose below.
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _listener.Close();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener stopped under the pending accept.
        }
        _logic.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (_stop.IsCancellationRequested && e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                body = await reader.ReadToEndAsync(_stop.Token).ConfigureAwait(false);
            var (status, text) = await _logic.HandleAsync(context.Request.HttpMethod, context.Request.Url!, body, _stop.Token).ConfigureAwait(false);
            var bytes = Encoding.UTF8.GetBytes(text);
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The client went away or the node is stopping: that one exchange is lost, the node keeps serving.
            response.Abort();
        }
    }
}
