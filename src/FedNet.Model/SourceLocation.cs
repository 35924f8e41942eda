namespace FedNet.Model;

/// <summary>Where something was written: a file name and a 1-based line and column.</summary>
/// <param name="File">The file name as given to the reader (a path or a label such as <c>stdin</c>).</param>
/// <param name="Line">1-based line; 0 when unknown.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location for records built in code rather than read from a file.</summary>
    public static SourceLocation None => new(string.Empty, 0, 0);

    /// <summary><c>file:line:col</c>, the form compilers use, so editors can jump to it.</summary>
    public override string ToString() => $"{File ?? string.Empty}:{Line}:{Column}";
}
