using System.CommandLine;
using FedNet.Cli.Client;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet login --server URL --token T [--no-check]</c>: checks that the server answers and accepts the token, then
/// writes <c>~/.config/fednet/config.yaml</c> (mode 0600) so later commands need no environment variables.
/// </summary>
public static class LoginCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "Base URL of fednet serve", DefaultValueFactory = _ => CliConfig.DefaultServer };
        var token = new Option<string>("--token") { Description = "The token secret (from `fednet token create`)", Required = true };
        var noCheck = new Option<bool>("--no-check") { Description = "Write the file without asking the server first" };
        var command = new Command("login", "Save the server URL and token to ~/.config/fednet/config.yaml (mode 0600).") { server, token, noCheck };
        command.SetAction((pr, ct) => RunAsync(pr.GetValue(server)!, pr.GetValue(token)!, pr.GetValue(noCheck), CliConfig.DefaultPath(),
            Console.Out, Console.Error, ct));
        return command;
    }

    /// <summary>Checks (unless <paramref name="noCheck"/>) and saves; returns 0, 64 for a bad URL, 69 unreachable, 77 token refused.</summary>
    public static async Task<int> RunAsync(string server, string token, bool noCheck, string path, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Uri uri;
        try
        {
            uri = CliConfig.ParseServer(server, "--server");
        }
        catch (CliConfigException e)
        {
            error.WriteLine($"fednet login: {e.Message}");
            return ExitCodes.Usage;
        }
        if (!noCheck)
        {
            using var client = new FedNetApiClient(new FedNetApiClientOptions { Server = uri, Token = token });
            try
            {
                // Any authenticated read proves the token; the list is scoped to the token's tenant.
                await client.SendAsync(HttpMethod.Get, "/api/v1/services", null, null, TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            }
            catch (FedNetException e)
            {
                return RemoteCommand.Fail("login", e, error);
            }
        }
        CliConfig.Save(path, uri, token);
        output.WriteLine($"saved {uri.ToString().TrimEnd('/')} and the token to {path}");
        return ExitCodes.Ok;
    }
}
