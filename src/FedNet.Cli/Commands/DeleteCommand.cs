using System.CommandLine;
using FedNet.Cli.Client;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet delete service NAME [--tenant T] [--if-match V]</c>: removes a service; the server then removes its flows and
/// ports from the switches. Exit codes: 0, 1 not found, 4 conflict (412), 64 ambiguous name, 69 unreachable, 77 token refused.
/// </summary>
public static class DeleteCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The service's name" };
        var tenant = new Option<string?>("--tenant") { Description = "The service's tenant (found by name when omitted and unique)" };
        var ifMatch = new Option<long?>("--if-match") { Description = "Delete only if the service is at this version" };
        var connection = new RemoteCommand.ConnectionOptions();
        var service = new Command("service", "Delete a service: its networks, VMs' ports and flows.") { name, tenant, ifMatch };
        connection.AddTo(service);
        service.SetAction((pr, ct) => connection.RunAsync(pr, "delete", client =>
            RunAsync(client, pr.GetValue(name)!, pr.GetValue(tenant), pr.GetValue(ifMatch), Console.Out, Console.Error, ct)));
        return new Command("delete", "Delete a resource.") { service };
    }

    /// <summary>Deletes one service; returns the exit code.</summary>
    public static async Task<int> RunAsync(FedNetApiClient client, string name, string? tenant, long? ifMatch, TextWriter output,
        TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (tenant is null)
            {
                var tenants = (await client.ListServicesAsync(null, cancellationToken).ConfigureAwait(false))
                    .Where(s => s.Name == name).Select(s => s.Tenant).Distinct(StringComparer.Ordinal).ToList();
                if (tenants.Count == 0)
                {
                    error.WriteLine($"fednet delete: no service named '{name}' in the token's scope");
                    return RemoteCommand.NotFound;
                }
                if (tenants.Count > 1)
                {
                    error.WriteLine($"fednet delete: several tenants have a service named '{name}' ({string.Join(", ", tenants)}); give --tenant");
                    return ExitCodes.Usage;
                }
                tenant = tenants[0];
            }
            var result = (await client.DeleteServiceAsync(tenant, name, ifMatch, cancellationToken).ConfigureAwait(false)).Value;
            DiffWriter.Write($"service {tenant}/{name} deleted (revision {result.Revision})", result.Diff, output);
            return ExitCodes.Ok;
        }
        catch (FedNetException e)
        {
            return RemoteCommand.Fail("delete", e, error);
        }
    }
}
