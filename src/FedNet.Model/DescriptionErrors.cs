namespace FedNet.Model;

/// <summary>Helpers over lists of <see cref="DescriptionError"/>.</summary>
public static class DescriptionErrors
{
    /// <summary>The errors sorted by file, line, column and message, without exact duplicates.</summary>
    public static IReadOnlyList<DescriptionError> Sort(IEnumerable<DescriptionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors
            .Distinct()
            .OrderBy(e => e.Location.File ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(e => e.Location.Line)
            .ThenBy(e => e.Location.Column)
            .ThenBy(e => e.Message, StringComparer.Ordinal)
            .ToList();
    }
}
