namespace FedNet.Model;

/// <summary>Every error <see cref="Validator"/> found; valid when there are none.</summary>
public sealed class ValidationResult
{
    internal ValidationResult(IEnumerable<DescriptionError> errors) => Errors = ValueList.From(DescriptionErrors.Sort(errors));

    /// <summary>Every error, sorted by file, line and column.</summary>
    public ValueList<DescriptionError> Errors { get; }

    /// <summary>True when no error was found.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Throws a <see cref="DescriptionException"/> carrying every error, when there is one.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new DescriptionException(Errors);
        }
    }
}
