using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FedNet.Cli.Client.Internal;

namespace FedNet.Cli.Client;

/// <summary>
/// Typed client of the <c>fednet serve</c> REST API (docs: s2-api-contract, docs/cli.md): bearer token, problem details
/// turned into <see cref="FedNetApiException"/> with every error, timeouts, and a <see cref="FedNetUnreachableException"/>
/// saying "cannot reach fednet serve at URL: is it running?" when nothing answers.
/// </summary>
public sealed partial class FedNetApiClient : IDisposable
{
    /// <summary>JSON as the API writes it: camelCase, enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly FedNetApiClientOptions _options;

    /// <summary>Creates a client with its own connection pool.</summary>
    public FedNetApiClient(FedNetApiClientOptions options)
        : this(options, new HttpClient(new SocketsHttpHandler { ConnectTimeout = (options ?? throw new ArgumentNullException(nameof(options))).ConnectTimeout }), ownsHttp: true)
    {
    }

    /// <summary>Creates a client over a given <see cref="HttpClient"/> (shared pools, benchmarks); it is not disposed with this client.</summary>
    public FedNetApiClient(FedNetApiClientOptions options, HttpClient http)
        : this(options, http, ownsHttp: false)
    {
    }

    private FedNetApiClient(FedNetApiClientOptions options, HttpClient http, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        _options = options;
        _http = http;
        _ownsHttp = ownsHttp;
        // Timeouts are per request through linked tokens, so one HttpClient serves both short GETs and long applies.
        if (ownsHttp)
            _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The server this client talks to.</summary>
    public Uri Server => _options.Server;

    /// <summary>GET /healthz: true when the server answers <c>ok</c>.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "/healthz", null, null, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Trim() == "ok";
    }

    /// <summary>Sends a request and returns the successful response; errors become <see cref="FedNetApiException"/>.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="path">Path and query, starting with <c>/</c>.</param>
    /// <param name="content">Body, or null.</param>
    /// <param name="ifMatch">A version for <c>If-Match</c> (sent as the ETag <c>"n"</c>), or null.</param>
    /// <param name="timeout">Limit for the whole exchange, headers and body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="streaming">True to return as soon as headers arrive (server-sent events); the timeout then covers only the headers.</param>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, long? ifMatch, TimeSpan timeout,
        CancellationToken cancellationToken = default, bool streaming = false)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        using var request = new HttpRequestMessage(method, new Uri(_options.Server, path)) { Content = content };
        if (_options.Token is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is { } version)
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ETag.Format(version)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(streaming ? "text/event-stream" : "application/json"));
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FedNetUnreachableException(_options.Server, $"{method} {path} got no answer within {timeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new FedNetUnreachableException(_options.Server, Reason(e), e);
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request and decodes the JSON answer, with its ETag version when the server sent one.</summary>
    public async Task<Versioned<T>> SendJsonAsync<T>(HttpMethod method, string path, HttpContent? content = null, long? ifMatch = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(method, path, content, ifMatch, timeout ?? _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(bytes, Json);
        }
        catch (JsonException e)
        {
            throw new FedNetApiException(response.StatusCode, "unreadable answer",
                $"{method} {path}: the body is not the expected {typeof(T).Name} JSON ({e.Message})", []);
        }
        if (value is null)
            throw new FedNetApiException(response.StatusCode, "empty answer", $"{method} {path}: no body", []);
        return new Versioned<T>(value, ETag.Parse(response.Headers.ETag), response.StatusCode);
    }

    /// <summary>Reads a server-sent-events stream until it ends or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<ServerSentEvent> StreamEventsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, null, _options.RequestTimeout, cancellationToken, streaming: true)
            .ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await foreach (var e in SseReader.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
                yield return e;
        }
    }

    /// <summary>A YAML request body.</summary>
    public static HttpContent Yaml(string yaml) => new StringContent(yaml, Encoding.UTF8, "application/yaml");

    /// <summary>A JSON request body.</summary>
    public static HttpContent JsonBody<T>(T value) =>
        new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, Json)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException s => s.SocketErrorCode.ToString(),
        { } inner => inner.Message,
        null => e.Message,
    };

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    internal static string Escape(string segment) => Uri.EscapeDataString(segment);
}

/// <summary>A decoded answer and the resource version from its ETag (null when the server sent none).</summary>
public sealed record Versioned<T>(T Value, long? Version, HttpStatusCode Status);

/// <summary>One server-sent event: its <c>event:</c> name (default <c>message</c>) and joined <c>data:</c> lines.</summary>
public sealed record ServerSentEvent(string Event, string Data);
