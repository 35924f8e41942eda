namespace FedNet.Cli;

/// <summary>Exit codes scripts can rely on (sysexits.h where one fits).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran but found a difference or a failure it was asked to check for.</summary>
    public const int CheckFailed = 1;
    /// <summary>The command line was wrong.</summary>
    public const int Usage = 64;
    /// <summary>An input file was malformed (EX_DATAERR).</summary>
    public const int DataError = 65;
    /// <summary>An input file could not be opened (EX_NOINPUT).</summary>
    public const int NoInput = 66;
    /// <summary>A switch, server or service could not be reached (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;
    /// <summary>An internal error.</summary>
    public const int Software = 70;
}
