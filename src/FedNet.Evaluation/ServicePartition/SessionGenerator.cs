using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using FedNet.Evaluation.ServicePartition.Internal;

namespace FedNet.Evaluation.ServicePartition;

/// <summary>One interaction as a client saw it: response time (request sent → whole body read) and HTTP status (0: no answer).</summary>
public sealed record InteractionResult(Interaction Interaction, double Milliseconds, int Status, string? Error)
{
    /// <summary>A 2xx answer.</summary>
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// The paper's session generator: one user's session is the six interactions of Table 1 in order, against the portal,
/// over one kept-alive connection (a browser's). Timing starts when the request is handed to the connection and ends
/// when the whole response body has arrived.
/// </summary>
public static class SessionGenerator
{
    /// <summary>An HTTP client whose connections leave from namespace <paramref name="netns"/> (null: this one), one connection.</summary>
    public static HttpClient Client(Uri portal, string? netns)
    {
        var handler = NamespaceSockets.Handler(netns);
        handler.MaxConnectionsPerServer = 1;
        return new HttpClient(handler) { BaseAddress = portal, Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>Runs one session of <paramref name="user"/> (user0 … user999, password "pw-" + name).</summary>
    public static async Task<IReadOnlyList<InteractionResult>> RunSessionAsync(HttpClient client, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var results = new List<InteractionResult>(Interactions.All.Count);
        var session = "";
        foreach (var interaction in Interactions.All)
        {
            var id = Interactions.Id(interaction);
            var query = interaction == Interaction.Login ? $"?user={Uri.EscapeDataString(user)}" : $"?session={session}";
            string? body = interaction switch
            {
                Interaction.Login => "pw-" + user,
                Interaction.ComPost => $"A post by {user}: notes on this week's unit.",
                Interaction.Logout => "",
                _ => null,
            };
            using var request = new HttpRequestMessage(Interactions.IsPost(interaction) ? HttpMethod.Post : HttpMethod.Get, id + query);
            if (body is not null)
                request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var ms = clock.Elapsed.TotalMilliseconds;
                var ok = response.IsSuccessStatusCode;
                if (ok && interaction == Interaction.Login)
                    session = SessionOf(text) ?? "";
                results.Add(new InteractionResult(interaction, ms, (int)response.StatusCode, ok ? null : Truncate(text)));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                results.Add(new InteractionResult(interaction, clock.Elapsed.TotalMilliseconds, 0, e.Message));
            }
        }
        return results;
    }

    private static string? SessionOf(string loginBody)
    {
        try
        {
            using var doc = JsonDocument.Parse(loginBody);
            return doc.RootElement.TryGetProperty("session", out var s) ? s.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
