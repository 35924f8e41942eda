using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using FedNet.Ovsdb.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedNet.Ovsdb;

/// <summary>
/// An RFC 7047 JSON-RPC client over a unix or TCP socket. Requests are matched to replies by id; the server's
/// <c>echo</c> is answered; monitors and locks are re-established after a reconnect. Methods live in the partial files
/// by feature (<c>.Methods</c>, <c>.Monitor</c>, <c>.Locks</c>).
/// </summary>
public sealed partial class OvsdbClient : IAsyncDisposable
{
    private readonly OvsdbClientOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<string, DatabaseSchema> _schemas = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private OvsdbConnection? _connection;
    private TaskCompletionSource _connectedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _run;
    private long _nextId;
    private long _transactions;
    private long _ignoredReplies;

    private OvsdbClient(OvsdbTarget target, OvsdbClientOptions options, ILogger logger)
    {
        Target = target;
        _options = options;
        _logger = logger;
    }

    /// <summary>The remote this client talks to.</summary>
    public OvsdbTarget Target { get; }

    /// <summary>True while a connection is up.</summary>
    public bool IsConnected => _connection is { IsClosed: false };

    /// <summary>How many <c>transact</c> requests this client has sent (write-free ensures send none).</summary>
    public long TransactionsSent => Interlocked.Read(ref _transactions);

    /// <summary>Replies that arrived for requests already abandoned (timed out or cancelled).</summary>
    public long IgnoredReplies => Interlocked.Read(ref _ignoredReplies);

    /// <summary>How many times the connection has been (re-)established.</summary>
    public int ConnectionCount { get; private set; }

    /// <summary>Raised (on the reader) after a reconnect, once monitors and locks have been re-established.</summary>
    public event EventHandler? Reconnected;

    /// <summary>Raised when the connection drops.</summary>
    public event EventHandler? Disconnected;

    /// <summary>
    /// Connects to <paramref name="target"/> (<c>unix:PATH</c> or <c>tcp:HOST:PORT</c>). The first connection must
    /// succeed; later drops are retried with backoff when <see cref="OvsdbClientOptions.Reconnect"/> is set.
    /// </summary>
    public static async Task<OvsdbClient> ConnectAsync(string target, OvsdbClientOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new OvsdbClientOptions();
        options.Validate();
        var client = new OvsdbClient(OvsdbTarget.Parse(target), options, logger ?? NullLogger.Instance);
        OvsdbConnection connection;
        try
        {
            connection = await OvsdbConnection.ConnectAsync(client.Target, options, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new OvsdbException(OvsdbException.ConnectionLost, $"cannot connect to {target}: {e.Message}", innerException: e);
        }
        client.Attach(connection);
        client._run = Task.Run(() => client.RunAsync(connection));
        return client;
    }

    private void Attach(OvsdbConnection connection)
    {
        _connection = connection;
        ConnectionCount++;
        Log.Connected(_logger, Target.Text);
    }

    private async Task RunAsync(OvsdbConnection connection)
    {
        var reconnected = false;
        while (true)
        {
            var reading = ReadAsync(connection);
            if (reconnected)
            {
                await ResyncAsync().ConfigureAwait(false);
                Reconnected?.Invoke(this, EventArgs.Empty);
            }
            _connectedSignal.TrySetResult();
            await reading.ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            _connectedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            FailPending(connection);
            Disconnected?.Invoke(this, EventArgs.Empty);
            if (!_options.Reconnect || _lifetime.IsCancellationRequested)
                return;
            var next = await ReconnectAsync().ConfigureAwait(false);
            if (next is null)
                return;
            connection = next;
            reconnected = true;
        }
    }

    private async Task ReadAsync(OvsdbConnection connection)
    {
        try
        {
            await connection.ReadLoopAsync(doc => Dispatch(connection, doc)).ConfigureAwait(false);
            if (!_lifetime.IsCancellationRequested)
                Log.ConnectionLost(_logger, Target.Text, "closed by peer");
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or OvsdbException or InvalidOperationException)
        {
            Log.ProtocolError(_logger, Target.Text, e.Message);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            Log.ConnectionLost(_logger, Target.Text, e.Message);
        }
#pragma warning disable CA1031 // A throwing update handler must not end the client: drop this connection, resync on the next.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, Target.Text, e);
        }
    }

    private async Task<OvsdbConnection?> ReconnectAsync()
    {
        var delay = _options.MinBackoff;
        while (!_lifetime.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _lifetime.Token).ConfigureAwait(false);
                var c = await OvsdbConnection.ConnectAsync(Target, _options, _lifetime.Token).ConfigureAwait(false);
                Attach(c);
                return c;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
                Log.ReconnectFailed(_logger, Target.Text, (long)delay.TotalMilliseconds, e.Message);
            }
        }
        return null;
    }

    /// <summary>Waits until a connection is up (returns at once when it is).</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken = default) =>
        IsConnected ? Task.CompletedTask : _connectedSignal.Task.WaitAsync(cancellationToken);

    private void FailPending(OvsdbConnection connection)
    {
        foreach (var (id, p) in _pending)
            if (p.Connection == connection && _pending.TryRemove(id, out _))
                p.Completion.TrySetException(new OvsdbException(OvsdbException.ConnectionLost, $"{p.Method} had no reply before the connection closed"));
    }

    /// <summary>Handles one message on the reader; anything that breaks the protocol throws and drops the connection.</summary>
    private void Dispatch(OvsdbConnection connection, JsonDocument doc)
    {
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new JsonException($"a message must be a JSON object, not {root.ValueKind}");
            if (root.TryGetProperty("method", out var method))
            {
                if (method.ValueKind != JsonValueKind.String)
                    throw new JsonException("\"method\" must be a string");
                var pars = root.TryGetProperty("params", out var p) ? p : default;
                var id = root.TryGetProperty("id", out var i) ? i : default;
                HandleRequest(connection, method.GetString()!, pars, id);
                return;
            }
            if (!root.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var replyId))
                throw new JsonException("a reply without a numeric id");
            if (!_pending.TryRemove(replyId, out var pending))
            {
                // An id we issued and abandoned (timed out or cancelled) is harmless; one we never issued is not.
                if (replyId <= 0 || replyId > Interlocked.Read(ref _nextId))
                    throw new JsonException($"a reply with id {replyId}, which matches no request");
                Interlocked.Increment(ref _ignoredReplies);
                return;
            }
            var error = root.TryGetProperty("error", out var e) ? e : default;
            if (error.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                pending.Completion.TrySetException(ToException(error));
                return;
            }
            if (!root.TryGetProperty("result", out var result))
                throw new JsonException($"reply {replyId} has neither result nor error");
            try
            {
                var value = pending.OnReader?.Invoke(result) ?? result.Clone();
                pending.Completion.TrySetResult(value);
            }
            catch (Exception ex) when (ex is FormatException or OvsdbException or InvalidOperationException or KeyNotFoundException)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private static OvsdbException ToException(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String)
            return new OvsdbException(error.GetString()!, null);
        if (error.ValueKind == JsonValueKind.Object)
        {
            var e = error.Deserialize(OvsdbJsonContext.Default.JsonRpcError);
            return new OvsdbException(e?.Error ?? error.GetRawText(), e?.Details);
        }
        return new OvsdbException(error.GetRawText(), null);
    }

    private void HandleRequest(OvsdbConnection connection, string method, JsonElement pars, JsonElement id)
    {
        switch (method)
        {
            case "echo" when id.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null):
                // RFC 7047 4.1.11: reply with the same params.
                var reply = BuildMessage(w =>
                {
                    w.WritePropertyName("result");
                    if (pars.ValueKind == JsonValueKind.Undefined) { w.WriteStartArray(); w.WriteEndArray(); }
                    else pars.WriteTo(w);
                    w.WriteNull("error");
                    w.WritePropertyName("id");
                    id.WriteTo(w);
                });
                _ = SendQuietlyAsync(connection, reply);
                return;
            case "update" or "update2":
                HandleUpdate(method, pars);
                return;
            case "locked" or "stolen":
                HandleLockNotification(method, pars);
                return;
            default:
                Log.UnknownNotification(_logger, method, Target.Text);
                if (id.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
                {
                    var err = BuildMessage(w =>
                    {
                        w.WriteNull("result");
                        w.WriteString("error", "unknown method");
                        w.WritePropertyName("id");
                        id.WriteTo(w);
                    });
                    _ = SendQuietlyAsync(connection, err);
                }
                return;
        }
    }

    private static async Task SendQuietlyAsync(OvsdbConnection connection, ReadOnlyMemory<byte> message)
    {
        try
        {
            await connection.SendAsync(message, connection.Closed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OvsdbException or OperationCanceledException)
        {
        }
    }

    private static ReadOnlyMemory<byte> BuildMessage(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <summary>
    /// Sends a request and waits for its reply's <c>result</c>. A reply with a non-null <c>error</c> throws
    /// <see cref="OvsdbException"/>; no reply within the request timeout throws <see cref="TimeoutException"/>.
    /// <paramref name="onReader"/> runs on the reader, before any later message is handled (monitor replies need that).
    /// </summary>
    internal async Task<JsonElement> RequestAsync(string method, Action<Utf8JsonWriter> writeParams, CancellationToken cancellationToken,
        Func<JsonElement, JsonElement>? onReader = null, Action<long>? onCancel = null)
    {
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        var connection = _connection;
        if (connection is null || connection.IsClosed)
            throw new OvsdbException(OvsdbException.ConnectionLost, $"not connected to {Target}");
        var id = Interlocked.Increment(ref _nextId);
        var pending = new PendingRequest(method, connection, onReader);
        _pending[id] = pending;
        var message = BuildMessage(w =>
        {
            w.WriteString("method", method);
            w.WritePropertyName("params");
            w.WriteStartArray();
            writeParams(w);
            w.WriteEndArray();
            w.WriteNumber("id", id);
        });
        try
        {
            await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return await pending.Completion.Task.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"OVSDB {method} to {Target} got no reply within {_options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            // A late reply to an abandoned id is ignored (it is an id we issued), never mistaken for a protocol error.
            _pending.TryRemove(id, out _);
            if (onCancel is not null && !connection.IsClosed)
                onCancel(id);
            throw;
        }
    }

    /// <summary>Sends a notification (<c>"id": null</c>).</summary>
    internal async Task NotifyAsync(string method, Action<Utf8JsonWriter> writeParams, CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is null || connection.IsClosed)
            throw new OvsdbException(OvsdbException.ConnectionLost, $"not connected to {Target}");
        var message = BuildMessage(w =>
        {
            w.WriteString("method", method);
            w.WritePropertyName("params");
            w.WriteStartArray();
            writeParams(w);
            w.WriteEndArray();
            w.WriteNull("id");
        });
        await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the connection and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
            return;
        _lifetime.Cancel();
        _connection?.Close();
        if (_run is not null)
        {
            try { await _run.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        _lifetime.Dispose();
    }

    private sealed record PendingRequest(string Method, OvsdbConnection Connection, Func<JsonElement, JsonElement>? OnReader)
    {
        public TaskCompletionSource<JsonElement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
