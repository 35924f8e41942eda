using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace FedNet.Evaluation.ServicePartition.Internal;

/// <summary>
/// What each component does with a request: tiny in-memory databases (users and profiles, sessions, posts, learning
/// objects) and the portal's fan-out. Returns (status, JSON body); unknown paths are 404, a failed upstream call 502.
/// </summary>
internal sealed class ServiceLogic : IDisposable
{
    /// <summary>Users the school-db knows: user0 … user{Users-1}, password "pw-" + name.</summary>
    public const int Users = 1000;

    private readonly ServiceNodeOptions _options;
    private readonly Dictionary<ServiceRole, HttpClient> _upstreams = [];
    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _served = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _posts = [];
    private readonly string _objects;

    public ServiceLogic(ServiceNodeOptions options)
    {
        _options = options;
        foreach (var (role, url) in options.Upstreams)
        {
            _upstreams[role] = new HttpClient(NamespaceSockets.Handler(options.Via.GetValueOrDefault(role)))
            {
                BaseAddress = url,
                Timeout = TimeSpan.FromSeconds(10),
            };
        }
        // Ten learning objects of ~400 bytes: the content page's payload.
        var objects = new JsonArray();
        for (var i = 0; i < 10; i++)
            objects.Add(new JsonObject { ["id"] = i, ["title"] = $"Unit {i}", ["body"] = new string((char)('a' + i), 360) });
        _objects = objects.ToJsonString();
    }

    public IReadOnlyDictionary<string, int> Served => _served;

    public async Task<(int Status, string Body)> HandleAsync(string method, Uri url, string body, CancellationToken cancellationToken)
    {
        var segments = url.AbsolutePath.Trim('/').Split('/');
        var query = HttpUtility.ParseQueryString(url.Query);
        _served.AddOrUpdate(segments[0], 1, (_, n) => n + 1);
        try
        {
            return _options.Role switch
            {
                ServiceRole.Portal => await PortalAsync(method, segments, query, body, cancellationToken).ConfigureAwait(false),
                ServiceRole.Auth => Auth(method, segments, query),
                ServiceRole.SchoolDb => SchoolDb(method, segments),
                ServiceRole.AppServer => await AppServerAsync(method, segments, query, body, cancellationToken).ConfigureAwait(false),
                ServiceRole.BackendDb => BackendDb(method, segments, query),
                _ => (500, Error("unknown role")),
            };
        }
        catch (UpstreamException e)
        {
            return (502, Error(e.Message));
        }
    }

    private async Task<(int, string)> PortalAsync(string method, string[] path, System.Collections.Specialized.NameValueCollection query,
        string body, CancellationToken ct)
    {
        var session = query["session"] ?? "";
        switch (method, path[0])
        {
            case ("POST", "login"):
            {
                var user = query["user"] ?? "";
                var record = JsonNode.Parse(await CallAsync(ServiceRole.SchoolDb, HttpMethod.Get, $"users/{Uri.EscapeDataString(user)}", null, ct).ConfigureAwait(false));
                if (record?["password"]?.GetValue<string>() != body)
                    return (401, Error("wrong user or password"));
                var token = await CallAsync(ServiceRole.Auth, HttpMethod.Post, $"sessions?user={Uri.EscapeDataString(user)}", null, ct).ConfigureAwait(false);
                _sessions[token] = user;
                return (200, new JsonObject
                {
                    ["session"] = token,
                    ["page"] = $"<html><body><h1>Welcome {record["profile"]?["name"]}</h1>{new string('.', 1500)}</body></html>",
                }.ToJsonString());
            }
            case ("GET", "login-check"):
                return (200, await CallAsync(ServiceRole.Auth, HttpMethod.Get, $"sessions/{Uri.EscapeDataString(session)}", null, ct).ConfigureAwait(false));
            case ("POST", "com-post"):
            {
                if (!_sessions.TryGetValue(session, out var user))
                    return (401, Error("no such session"));
                var profile = await CallAsync(ServiceRole.SchoolDb, HttpMethod.Get, $"profiles/{Uri.EscapeDataString(user)}", null, ct).ConfigureAwait(false);
                var post = new JsonObject { ["profile"] = JsonNode.Parse(profile), ["text"] = body }.ToJsonString();
                return (200, await CallAsync(ServiceRole.AppServer, HttpMethod.Post, $"posts?user={Uri.EscapeDataString(user)}", post, ct).ConfigureAwait(false));
            }
            case ("GET", "com-db"):
            {
                if (!_sessions.TryGetValue(session, out var user))
                    return (401, Error("no such session"));
                return (200, await CallAsync(ServiceRole.AppServer, HttpMethod.Get, $"content?user={Uri.EscapeDataString(user)}", null, ct).ConfigureAwait(false));
            }
            case ("POST", "logout"):
                await CallAsync(ServiceRole.Auth, HttpMethod.Delete, $"sessions/{Uri.EscapeDataString(session)}", null, ct).ConfigureAwait(false);
                _sessions.TryRemove(session, out _);
                return (200, """{"loggedOut":true}""");
            case ("GET", "logout-check"):
            {
                // Closed means auth no longer knows the session.
                var (status, _) = await SendAsync(ServiceRole.Auth, HttpMethod.Get, $"sessions/{Uri.EscapeDataString(session)}", null, ct).ConfigureAwait(false);
                return status == HttpStatusCode.NotFound ? (200, """{"closed":true}""") : (409, Error($"session still open (auth answered {(int)status})"));
            }
            default:
                return (404, Error($"no {method} /{string.Join('/', path)} on the portal"));
        }
    }

    private (int, string) Auth(string method, string[] path, System.Collections.Specialized.NameValueCollection query)
    {
        switch (method, path[0], path.Length)
        {
            case ("POST", "sessions", 1) when query["user"] is { Length: > 0 } user:
                var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                _sessions[token] = user;
                return (201, token);
            case ("GET", "sessions", 2):
                return _sessions.TryGetValue(path[1], out var owner) ? (200, new JsonObject { ["user"] = owner }.ToJsonString()) : (404, Error("no such session"));
            case ("DELETE", "sessions", 2):
                return _sessions.TryRemove(path[1], out _) ? (200, """{"deleted":true}""") : (404, Error("no such session"));
            default:
                return (404, Error($"no {method} /{string.Join('/', path)} on auth"));
        }
    }

    private static (int, string) SchoolDb(string method, string[] path)
    {
        if (method != "GET" || path.Length != 2 || path[0] is not ("users" or "profiles"))
            return (404, Error($"no {method} /{string.Join('/', path)} on the school-db"));
        var user = path[1];
        if (!user.StartsWith("user", StringComparison.Ordinal) || !int.TryParse(user.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n >= Users)
            return (404, Error($"no user {user}"));
        var profile = new JsonObject { ["name"] = $"Student {n}", ["department"] = $"Dept {n % 7}", ["year"] = 1 + (n % 4) };
        return (200, path[0] == "users"
            ? new JsonObject { ["user"] = user, ["password"] = "pw-" + user, ["profile"] = profile }.ToJsonString()
            : profile.ToJsonString());
    }

    private async Task<(int, string)> AppServerAsync(string method, string[] path, System.Collections.Specialized.NameValueCollection query,
        string body, CancellationToken ct)
    {
        switch (method, path[0])
        {
            case ("POST", "posts"):
                _posts.Add(body);
                return (201, new JsonObject { ["post"] = _posts.Count }.ToJsonString());
            case ("GET", "content"):
                var objects = await CallAsync(ServiceRole.BackendDb, HttpMethod.Get, $"objects?user={Uri.EscapeDataString(query["user"] ?? "")}", null, ct).ConfigureAwait(false);
                return (200, new JsonObject { ["user"] = query["user"], ["posts"] = _posts.Count, ["objects"] = JsonNode.Parse(objects) }.ToJsonString());
            default:
                return (404, Error($"no {method} /{string.Join('/', path)} on the app server"));
        }
    }

    private (int, string) BackendDb(string method, string[] path, System.Collections.Specialized.NameValueCollection query) =>
        method == "GET" && path is ["objects"] && query["user"] is { Length: > 0 }
            ? (200, _objects)
            : (404, Error($"no {method} /{string.Join('/', path)} on the backend db"));

    /// <summary>Calls an upstream; anything but 2xx (or no answer) is an <see cref="UpstreamException"/>.</summary>
    private async Task<string> CallAsync(ServiceRole role, HttpMethod method, string path, string? body, CancellationToken ct)
    {
        var (status, text) = await SendAsync(role, method, path, body, ct).ConfigureAwait(false);
        return (int)status is >= 200 and < 300
            ? text
            : throw new UpstreamException($"{ServiceRoles.Name(role)} answered {(int)status} to {method} /{path}: {text}");
    }

    private async Task<(HttpStatusCode, string)> SendAsync(ServiceRole role, HttpMethod method, string path, string? body, CancellationToken ct)
    {
        if (!_upstreams.TryGetValue(role, out var client))
            throw new UpstreamException($"no --upstream for {ServiceRoles.Name(role)}");
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            throw new UpstreamException($"{ServiceRoles.Name(role)} ({client.BaseAddress}) did not answer {method} /{path}: {e.Message}");
        }
    }

    private static string Error(string message) => new JsonObject { ["error"] = message }.ToJsonString();

    public void Dispose()
    {
        foreach (var c in _upstreams.Values)
            c.Dispose();
    }

    private sealed class UpstreamException(string message) : Exception(message);
}
