using FedNet.Api.Contracts;

namespace FedNet.Api.Internal;

/// <summary>A request that ends in a problem-details answer (RFC 9457); thrown by the handlers, written by <see cref="ProblemMiddleware"/>.</summary>
internal sealed class ApiProblemException(int status, string title, string detail, IReadOnlyList<ValidationErrorDto>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyList<ValidationErrorDto>? Errors { get; } = errors;

    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not Found", detail);

    public static ApiProblemException Invalid(string detail, IReadOnlyList<ValidationErrorDto> errors) =>
        new(StatusCodes.Status400BadRequest, "Invalid description", detail, errors);

    public static ApiProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ApiProblemException PreconditionFailed(string detail) =>
        new(StatusCodes.Status412PreconditionFailed, "Precondition Failed", detail);

    public static ApiProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
}
