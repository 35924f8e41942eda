using System.CommandLine;
using FedNet.Api.Contracts;
using FedNet.Cli.Client;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet describe vm NAME [--tenant T] [-o table|json|yaml]</c>: a VM's host and site, each interface's MAC, IP and
/// VLAN per site, and how each peer on its networks is reached. Exit codes: 0, 1 not found, 64 ambiguous, 69, 77.
/// </summary>
public static class DescribeCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The VM's name" };
        var output = GetCommand.OutputOption();
        var tenant = new Option<string?>("--tenant") { Description = "The VM's tenant (found by name when omitted and unique)" };
        var connection = new RemoteCommand.ConnectionOptions();
        var vm = new Command("vm", "A VM: MAC, IP and VLAN per site of each interface, host, and the path to each peer.") { name, output, tenant };
        connection.AddTo(vm);
        vm.SetAction((pr, ct) => connection.RunAsync(pr, "describe", client =>
            RunVmAsync(client, pr.GetValue(name)!, pr.GetValue(tenant), pr.GetValue(output)!, Console.Out, Console.Error, ct)));
        return new Command("describe", "Show one resource in detail.") { vm };
    }

    /// <summary>Describes one VM; returns the exit code.</summary>
    public static async Task<int> RunVmAsync(FedNetApiClient client, string name, string? tenant, string format, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (tenant is null)
            {
                var matches = (await client.ListVmsAsync(null, cancellationToken).ConfigureAwait(false)).Where(v => v.Name == name).ToList();
                var tenants = matches.Select(v => v.Tenant).Distinct(StringComparer.Ordinal).ToList();
                if (tenants.Count == 0)
                {
                    error.WriteLine($"fednet describe: no VM named '{name}' in the token's scope");
                    return RemoteCommand.NotFound;
                }
                if (tenants.Count > 1)
                {
                    error.WriteLine($"fednet describe: several tenants have a VM named '{name}' ({string.Join(", ", tenants)}); give --tenant");
                    return ExitCodes.Usage;
                }
                tenant = tenants[0];
            }
            var vm = await client.GetVmAsync(tenant, name, cancellationToken).ConfigureAwait(false);
            if (format != OutputFormat.Table)
                OutputFormat.WriteData(vm, format, output);
            else
                Write(vm, output);
            return ExitCodes.Ok;
        }
        catch (FedNetException e)
        {
            return RemoteCommand.Fail("describe", e, error);
        }
    }

    /// <summary>The human-readable description.</summary>
    public static void Write(VmDetailDto vm, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"VM:       {vm.Tenant}/{vm.Service}/{vm.Name}");
        output.WriteLine($"Host:     {vm.Host}");
        output.WriteLine($"Site:     {vm.Site}");
        output.WriteLine("Interfaces:");
        var rows = new List<string[]> { new[] { "NETWORK", "MAC", "IP", "VLAN PER SITE" } };
        rows.AddRange(vm.Interfaces.Select(i => new[] { i.Network, i.Mac, i.Ip, GetCommand.Vlans(i.Vlans) }));
        TextTable.Write(output, rows, indent: "  ");
        output.WriteLine("Peers:");
        if (vm.Peers.Count == 0)
        {
            output.WriteLine("  none");
            return;
        }
        var peers = new List<string[]> { new[] { "NETWORK", "PEER", "IP", "PATH", "TRANSITS" } };
        peers.AddRange(vm.Peers.Select(p => new[] { p.Network, p.Peer, p.Ip, p.Path, p.Transits.Count == 0 ? "-" : string.Join(" > ", p.Transits) }));
        TextTable.Write(output, peers, indent: "  ");
    }
}
