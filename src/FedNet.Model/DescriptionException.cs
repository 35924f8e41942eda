namespace FedNet.Model;

/// <summary>A description was read or validated with errors; <see cref="Errors"/> lists them all.</summary>
public sealed class DescriptionException : FedNetException
{
    /// <summary>Creates the exception from the errors (at least one).</summary>
    public DescriptionException(IReadOnlyList<DescriptionError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error, sorted by file, line and column.</summary>
    public IReadOnlyList<DescriptionError> Errors { get; }

    private static string Describe(IReadOnlyList<DescriptionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count switch
        {
            0 => "The description is invalid.",
            1 => errors[0].ToString(),
            _ => $"{errors.Count} errors, the first: {errors[0]}",
        };
    }
}
