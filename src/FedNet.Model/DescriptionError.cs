namespace FedNet.Model;

/// <summary>One thing wrong with a description, with where it was written.</summary>
/// <param name="Location">The file, line and column the error points at.</param>
/// <param name="Message">A sentence a user understands, naming the field or the value at fault.</param>
public sealed record DescriptionError(SourceLocation Location, string Message)
{
    /// <summary><c>file:line:col: message</c>.</summary>
    public override string ToString() => $"{Location}: {Message}";
}
