using System.Globalization;
using System.Text.Json;

namespace FedNet.Cli.Client.Internal;

/// <summary>
/// Decodes an RFC 9457 problem-details body into a <see cref="FedNetApiException"/>. The API lists validation errors as
/// <c>errors: [{path, line, column, message}]</c>; ASP.NET's own <c>errors: {path: [messages]}</c> shape is read too.
/// </summary>
internal static class ProblemReader
{
    public static async Task<FedNetApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var reason = response.ReasonPhrase ?? status.ToString();
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            text = "";
        }
        return Parse(status, reason, text);
    }

    public static FedNetApiException Parse(System.Net.HttpStatusCode status, string reason, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return new FedNetApiException(status, reason, null, []);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new FedNetApiException(status, reason, Truncate(text), []);
            var title = String(root, "title") ?? reason;
            var detail = String(root, "detail");
            var errors = new List<ApiError>();
            if (root.TryGetProperty("errors", out var list))
            {
                if (list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var e in list.EnumerateArray())
                    {
                        if (e.ValueKind == JsonValueKind.String)
                            errors.Add(new ApiError(null, null, null, e.GetString()!));
                        else if (e.ValueKind == JsonValueKind.Object)
                            errors.Add(new ApiError(String(e, "path"), Int(e, "line"), Int(e, "column"), String(e, "message") ?? e.GetRawText()));
                    }
                }
                else if (list.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in list.EnumerateObject())
                    {
                        var messages = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(m => m.ToString()) : [p.Value.ToString()];
                        errors.AddRange(messages.Select(m => new ApiError(p.Name, null, null, m)));
                    }
                }
            }
            return new FedNetApiException(status, title, detail, errors);
        }
        catch (JsonException)
        {
            return new FedNetApiException(status, reason, Truncate(text), []);
        }
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Null ? null : v.ToString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
        : e.TryGetProperty(name, out v) && v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out i) ? i
        : null;

    private static string Truncate(string text) => text.Length <= 500 ? text.Trim() : text[..500].Trim() + "…";
}
