namespace FedNet.Cli.Client;

/// <summary>One error of a problem-details body: where (a path, and line:col for YAML bodies) and what.</summary>
/// <param name="Path">The field path (for example <c>vms[0].interfaces[1].network</c>), or null.</param>
/// <param name="Line">1-based line in the YAML body, or null.</param>
/// <param name="Column">1-based column in the YAML body, or null.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ApiError(string? Path, int? Line, int? Column, string Message)
{
    /// <summary><c>file:line:col: message</c> when the body came from a file, else <c>path: message</c>.</summary>
    public string Format(string? file = null)
    {
        var where = (file, Line, Column) switch
        {
            (not null, { } l, { } c) => $"{file}:{l}:{c}",
            (null, { } l, { } c) => $"{l}:{c}",
            _ => file,
        };
        var field = Path is { Length: > 0 } ? Path : null;
        var prefix = string.Join(" ", new[] { where, field }.Where(x => x is not null));
        return prefix.Length == 0 ? Message : $"{prefix}: {Message}";
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}
