using System.CommandLine;
using System.Net;
using FedNet.Cli;

namespace FedNet.Cli.Client;

/// <summary>What the client commands (apply, plan, get, describe, delete, token, login) share: config, errors, exit codes.</summary>
public static class RemoteCommand
{
    /// <summary>Exit code: the service was applied but some switch is degraded.</summary>
    public const int Degraded = 3;

    /// <summary>Exit code: someone else changed the resource (412/409); re-read and retry.</summary>
    public const int Conflict = 4;

    /// <summary>Exit code: the token is missing, unknown or revoked (EX_NOPERM).</summary>
    public const int NoPermission = 77;

    /// <summary>Exit code: the resource does not exist (or is not in the token's scope).</summary>
    public const int NotFound = 1;

    /// <summary>Options every client command takes: <c>--server</c> and <c>--token</c> override the environment and config file.</summary>
    public sealed class ConnectionOptions
    {
        /// <summary>--server URL.</summary>
        public Option<string?> Server { get; } = new("--server") { Description = "fednet serve URL (default: $FEDNET_SERVER, config file, http://127.0.0.1:8653)" };

        /// <summary>--token SECRET.</summary>
        public Option<string?> Token { get; } = new("--token") { Description = "Bearer token (default: $FEDNET_TOKEN, then the config file)" };

        /// <summary>Adds both options to <paramref name="command"/>.</summary>
        public void AddTo(Command command)
        {
            ArgumentNullException.ThrowIfNull(command);
            command.Options.Add(Server);
            command.Options.Add(Token);
        }

        /// <summary>The client options: flags first, then environment, then the config file.</summary>
        public FedNetApiClientOptions Resolve(ParseResult parseResult)
        {
            ArgumentNullException.ThrowIfNull(parseResult);
            var serverFlag = parseResult.GetValue(Server);
            var tokenFlag = parseResult.GetValue(Token);
            // Both flags given: the environment and config file are not read (a broken file cannot get in the way).
            var config = serverFlag is { Length: > 0 } && tokenFlag is { Length: > 0 } ? null : CliConfig.Load();
            var server = serverFlag is { Length: > 0 } s ? CliConfig.ParseServer(s, "--server") : config!.Server;
            var token = tokenFlag is { Length: > 0 } t ? t : config!.Token;
            return new FedNetApiClientOptions { Server = server, Token = token };
        }

        /// <summary>
        /// Resolves the client options and runs <paramref name="run"/> with a client made from them; a bad flag,
        /// environment or config file fails the way every client command does, as <c>fednet COMMAND</c>.
        /// </summary>
        public async Task<int> RunAsync(ParseResult parseResult, string command, Func<FedNetApiClient, Task<int>> run)
        {
            ArgumentNullException.ThrowIfNull(run);
            FedNetApiClientOptions options;
            try
            {
                options = Resolve(parseResult);
            }
            catch (CliConfigException e)
            {
                return Fail(command, e, Console.Error);
            }
            using var client = new FedNetApiClient(options);
            return await run(client).ConfigureAwait(false);
        }
    }

    /// <summary>Prints a failure the way every client command does and returns its exit code.</summary>
    public static int Fail(string command, Exception exception, TextWriter error, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        switch (exception)
        {
            case FedNetUnreachableException u:
                error.WriteLine($"fednet {command}: {u.Message}");
                return ExitCodes.Unavailable;
            case FedNetApiException a:
                error.WriteLine($"fednet {command}: {a.Message}");
                foreach (var e in a.Errors)
                    error.WriteLine("  " + e.Format(file));
                return ExitCodeOf(a);
            case CliConfigException c:
                error.WriteLine($"fednet {command}: {c.Message}");
                return ExitCodes.DataError;
            default:
                error.WriteLine($"fednet {command}: {exception.Message}");
                return ExitCodes.Software;
        }
    }

    /// <summary>The exit code for an HTTP error: 65 invalid (400/422), 4 conflict (409/412), 77 auth (401/403), 1 not found, 69 for 5xx.</summary>
    public static int ExitCodeOf(FedNetApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.UnsupportedMediaType => ExitCodes.DataError,
            HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed => Conflict,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => NoPermission,
            HttpStatusCode.NotFound => NotFound,
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => ExitCodes.Unavailable,
            _ => ExitCodes.Software,
        };
    }
}
