namespace FedNet.Model;

/// <summary>
/// The outcome of reading or validating a description: either a value and no errors, or every error found and no
/// value. Nothing half-built escapes.
/// </summary>
/// <typeparam name="T">What was read.</typeparam>
public sealed class DescriptionResult<T>
    where T : class
{
    private DescriptionResult(T? value, ValueList<DescriptionError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>What was read; null whenever <see cref="Errors"/> is not empty.</summary>
    public T? Value { get; }

    /// <summary>Every error found, sorted by file, line and column.</summary>
    public ValueList<DescriptionError> Errors { get; }

    /// <summary>True when there are no errors (and so <see cref="Value"/> is set).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The value, or a <see cref="DescriptionException"/> carrying every error.</summary>
    public T GetValueOrThrow() => Value ?? throw new DescriptionException(Errors);

    internal static DescriptionResult<T> Success(T value) => new(value, ValueList<DescriptionError>.Empty);

    internal static DescriptionResult<T> Failure(IEnumerable<DescriptionError> errors) =>
        new(null, ValueList.From(DescriptionErrors.Sort(errors)));

    internal static DescriptionResult<T> From(T? value, IReadOnlyCollection<DescriptionError> errors) =>
        errors.Count == 0 && value is not null ? Success(value) : Failure(errors);
}
