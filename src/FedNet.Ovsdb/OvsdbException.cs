using System.Text.Json;

namespace FedNet.Ovsdb;

/// <summary>
/// An OVSDB failure: an error the server returned (RFC 7047 section 3.1 <c>error</c>/<c>details</c>, or a failed
/// operation of a transaction, section 5.2), a write the schema refuses, or a lost connection.
/// </summary>
public sealed class OvsdbException : FedNetException
{
    /// <summary>Error code used when the connection dropped before the reply arrived.</summary>
    public const string ConnectionLost = "fednet: connection lost";

    /// <summary>Error code used when a write is refused locally because the schema does not allow it.</summary>
    public const string SchemaViolation = "fednet: schema violation";

    /// <summary>Error code used when an ensure would have to touch a row FedNet does not own.</summary>
    public const string NotOwned = "fednet: not owned";

    /// <summary>Error code used when a peer broke the protocol (bad JSON, an unknown id).</summary>
    public const string ProtocolError = "fednet: protocol error";

    public OvsdbException(string error, string? details, JsonElement? operationResults = null, int? failedOperation = null,
        Exception? innerException = null)
        : base(Format(error, details, failedOperation), innerException)
    {
        Error = error;
        Details = details;
        OperationResults = operationResults;
        FailedOperation = failedOperation;
    }

    /// <summary>The server's <c>error</c> string (for example <c>constraint violation</c>), or one of the fednet codes.</summary>
    public string Error { get; }

    /// <summary>The server's <c>details</c>, if any.</summary>
    public string? Details { get; }

    /// <summary>For a failed transaction: the whole result array the server returned, one element per operation.</summary>
    public JsonElement? OperationResults { get; }

    /// <summary>For a failed transaction: the index of the operation that failed (equal to the operation count for a commit failure).</summary>
    public int? FailedOperation { get; }

    /// <summary>True for a lost connection and for optimistic-concurrency conflicts (a <c>wait</c> that timed out).</summary>
    public override bool IsTransient => Error is ConnectionLost or "timed out" or "not owner";

    private static string Format(string error, string? details, int? op) =>
        (op is { } i ? $"OVSDB operation {i} failed: " : "OVSDB error: ") + error + (details is null ? "" : $" ({details})");
}
