namespace FedNet.Lab.Internal;

/// <summary>The result of a finished external command.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws a <see cref="LabException"/> naming the command and its error output unless it succeeded.</summary>
    public CommandResult EnsureSuccess() =>
        Succeeded ? this : throw new LabException(
            $"`{Command}` exited {ExitCode}: {StandardError.Trim()} {StandardOutput.Trim()}".Trim());
}
