using System.CommandLine;
using System.Globalization;
using FedNet.Api.Contracts;
using FedNet.Cli.Client;
using FedNet.Store;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet token create --tenant T | --operator [--description D] [--data-dir D | --remote]</c>, <c>fednet token list</c>,
/// <c>fednet token revoke ID</c>. They work on the store directly (offline, so the first operator token can be made before
/// anyone can log in; SQLite's WAL lets this run beside <c>fednet serve</c>); <c>create --remote</c> asks the API instead.
/// The secret is printed once, alone on stdout, so <c>FEDNET_TOKEN=$(fednet token create --operator)</c> works.
/// </summary>
public static class TokenCommands
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Store directory (default: $FEDNET_DATA, else /var/lib/fednet)" };
        var tenant = new Option<string?>("--tenant") { Description = "Make a token for this tenant only" };
        var isOperator = new Option<bool>("--operator") { Description = "Make an operator token (every tenant, the federation, tokens)" };
        var description = new Option<string?>("--description") { Description = "A note: who or what the token is for" };
        var remote = new Option<bool>("--remote") { Description = "Ask fednet serve (needs an operator token) instead of opening the store" };
        var connection = new RemoteCommand.ConnectionOptions();
        var create = new Command("create", "Make a token and print its secret (shown once; only its hash is stored).")
        {
            tenant, isOperator, description, dataDir, remote,
        };
        connection.AddTo(create);
        create.Validators.Add(r =>
        {
            if (r.GetValue(isOperator) == (r.GetValue(tenant) is { Length: > 0 }))
                r.AddError("give exactly one of --tenant T or --operator");
        });
        create.SetAction(async (pr, ct) =>
        {
            var request = new TokenRequestDto(pr.GetValue(isOperator) ? TokenRoles.Operator : TokenRoles.Tenant, pr.GetValue(tenant), pr.GetValue(description));
            if (!pr.GetValue(remote))
                return await CreateOfflineAsync(DataDirectory(pr.GetValue(dataDir)), request, Console.Out, Console.Error, ct).ConfigureAwait(false);
            try
            {
                using var client = new FedNetApiClient(connection.Resolve(pr));
                var created = await client.CreateTokenAsync(request, ct).ConfigureAwait(false);
                PrintCreated(created.Id, created.Secret, created.Role, created.Tenant, Console.Out, Console.Error);
                return ExitCodes.Ok;
            }
            catch (FedNetException e)
            {
                return RemoteCommand.Fail("token create", e, Console.Error);
            }
        });

        var listDir = new Option<string?>("--data-dir") { Description = dataDir.Description };
        var list = new Command("list", "List tokens (ids, roles, tenants; never secrets).") { listDir };
        list.SetAction((pr, ct) => ListAsync(DataDirectory(pr.GetValue(listDir)), Console.Out, Console.Error, ct));

        var id = new Argument<string>("id") { Description = "The token's id (from `fednet token list`)" };
        var revokeDir = new Option<string?>("--data-dir") { Description = dataDir.Description };
        var revoke = new Command("revoke", "Revoke a token: its secret stops working at once.") { id, revokeDir };
        revoke.SetAction((pr, ct) => RevokeAsync(DataDirectory(pr.GetValue(revokeDir)), pr.GetValue(id)!, Console.Out, Console.Error, ct));

        return new Command("token", "Manage API tokens (operator and per-tenant).") { create, list, revoke };
    }

    private static string DataDirectory(string? given) => given is { Length: > 0 } d ? d : SqliteFedNetStore.DefaultDataDirectory;

    /// <summary>Creates a token in the store at <paramref name="dataDirectory"/>; returns 0, or 70 when the store cannot be opened.</summary>
    public static async Task<int> CreateOfflineAsync(string dataDirectory, TokenRequestDto request, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var store = await SqliteFedNetStore.OpenAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var role = request.Role == TokenRoles.Operator ? TokenRole.Operator : TokenRole.Tenant;
                var issued = await store.CreateTokenAsync(role, role == TokenRole.Tenant ? request.Tenant : null, request.Description, cancellationToken)
                    .ConfigureAwait(false);
                PrintCreated(issued.Identity.TokenId, issued.Secret, request.Role, issued.Identity.Tenant, output, error);
                return ExitCodes.Ok;
            }
        }
        catch (Exception e) when (e is FedNetException or IOException or UnauthorizedAccessException or NotImplementedException)
        {
            error.WriteLine($"fednet token create: cannot use the store in {dataDirectory}: {e.Message}");
            return e is UnauthorizedAccessException or IOException ? ExitCodes.NoInput : ExitCodes.Software;
        }
    }

    /// <summary>Lists tokens as a table.</summary>
    public static async Task<int> ListAsync(string dataDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var store = await SqliteFedNetStore.OpenAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var tokens = await store.ListTokensAsync(cancellationToken).ConfigureAwait(false);
                var rows = new List<string[]> { new[] { "ID", "ROLE", "TENANT", "CREATED", "DESCRIPTION" } };
                rows.AddRange(tokens.OrderBy(t => t.CreatedAt).Select(t => new[]
                {
                    t.TokenId, t.Role == TokenRole.Operator ? TokenRoles.Operator : TokenRoles.Tenant, t.Tenant ?? "-",
                    t.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), t.Description ?? "",
                }));
                TextTable.Write(output, rows);
                return ExitCodes.Ok;
            }
        }
        catch (Exception e) when (e is FedNetException or IOException or UnauthorizedAccessException or NotImplementedException)
        {
            error.WriteLine($"fednet token list: cannot use the store in {dataDirectory}: {e.Message}");
            return ExitCodes.Software;
        }
    }

    /// <summary>Revokes a token; returns 0, or 1 when no such (unrevoked) token exists.</summary>
    public static async Task<int> RevokeAsync(string dataDirectory, string tokenId, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var store = await SqliteFedNetStore.OpenAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                if (!await store.RevokeTokenAsync(tokenId, cancellationToken).ConfigureAwait(false))
                {
                    error.WriteLine($"fednet token revoke: no token '{tokenId}' (or already revoked)");
                    return RemoteCommand.NotFound;
                }
                output.WriteLine($"revoked {tokenId}");
                return ExitCodes.Ok;
            }
        }
        catch (Exception e) when (e is FedNetException or IOException or UnauthorizedAccessException or NotImplementedException)
        {
            error.WriteLine($"fednet token revoke: cannot use the store in {dataDirectory}: {e.Message}");
            return ExitCodes.Software;
        }
    }

    private static void PrintCreated(string id, string secret, string role, string? tenant, TextWriter output, TextWriter error)
    {
        // The secret alone on stdout (scripts capture it); what it is on stderr.
        output.WriteLine(secret);
        error.WriteLine($"token {id} ({role}{(tenant is null ? "" : " " + tenant)}) created; the secret above is shown only now");
    }
}
