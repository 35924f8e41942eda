namespace FedNet.Api.Contracts;

/// <summary>
/// One entry of a 400 problem-details body's <c>errors</c> array: the path of the field (or the body's file name) and,
/// for YAML bodies, the 1-based line and column (0 when unknown).
/// </summary>
public sealed record ValidationErrorDto(string Path, int Line, int Column, string Message);

/// <summary>
/// The problem-details body (RFC 9457, <c>application/problem+json</c>) of every error; <see cref="Errors"/> is set
/// for 400 validation errors.
/// </summary>
public sealed record ProblemDto(string? Type, string? Title, int? Status, string? Detail, string? Instance, IReadOnlyList<ValidationErrorDto>? Errors);
