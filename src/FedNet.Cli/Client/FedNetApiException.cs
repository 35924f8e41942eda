using System.Net;

namespace FedNet.Cli.Client;

/// <summary>
/// <c>fednet serve</c> answered with an error: the HTTP status and the RFC 9457 problem-details body (title, detail and
/// every error with its path and line:col).
/// </summary>
public sealed class FedNetApiException : FedNetException
{
    /// <summary>Creates the exception from a decoded problem-details body.</summary>
    public FedNetApiException(HttpStatusCode status, string title, string? detail, IReadOnlyList<ApiError> errors)
        : base(Describe(status, title, detail, errors))
    {
        StatusCode = status;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's title (or the reason phrase when the body was not problem details).</summary>
    public string Title { get; }

    /// <summary>The problem's detail, if any.</summary>
    public string? Detail { get; }

    /// <summary>Every error listed in the body (validation errors), possibly none.</summary>
    public IReadOnlyList<ApiError> Errors { get; }

    /// <summary>True for 412 Precondition Failed and 409 Conflict: someone else changed the resource.</summary>
    public bool IsConflict => StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict;

    /// <inheritdoc />
    public override bool IsTransient => IsConflict || (int)StatusCode >= 500;

    private static string Describe(HttpStatusCode status, string title, string? detail, IReadOnlyList<ApiError> errors) =>
        $"{(int)status} {title}" + (detail is { Length: > 0 } && detail != title ? $": {detail}" : "") +
        (errors.Count > 0 ? $" ({errors.Count} error{(errors.Count == 1 ? "" : "s")})" : "");
}

/// <summary>No HTTP answer: connection refused, DNS failure, or the request timed out.</summary>
public sealed class FedNetUnreachableException(Uri server, string reason, Exception? inner = null)
    : FedNetException($"cannot reach fednet serve at {server?.ToString().TrimEnd('/')}: is it running? ({reason})", inner)
{
    /// <summary>The server that could not be reached.</summary>
    public Uri Server { get; } = server;

    /// <inheritdoc />
    public override bool IsTransient => true;
}
