using System.CommandLine;
using System.Globalization;
using FedNet.Api.Contracts;
using FedNet.Cli.Client;
using Spectre.Console;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet get services|networks|vms|federation [-o table|json|yaml] [--tenant T]</c>: lists what the token may see.
/// Exit codes: 0, 69 unreachable, 77 token refused.
/// </summary>
public static class GetCommand
{
    /// <summary>The kinds <c>get</c> lists, with their aliases.</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["services"] = "services", ["service"] = "services", ["svc"] = "services",
        ["networks"] = "networks", ["network"] = "networks", ["net"] = "networks",
        ["vms"] = "vms", ["vm"] = "vms",
        ["federation"] = "federation",
    };

    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "services, networks, vms or federation" };
        kind.AcceptOnlyFromAmong([.. Kinds.Keys]);
        var output = OutputOption();
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's (operator tokens see every tenant)" };
        var connection = new RemoteCommand.ConnectionOptions();
        var command = new Command("get", "List services, networks, VMs or the federation from fednet serve.") { kind, output, tenant };
        connection.AddTo(command);
        command.SetAction((pr, ct) => connection.RunAsync(pr, "get", client =>
            RunAsync(client, Kinds[pr.GetValue(kind)!], pr.GetValue(output)!, pr.GetValue(tenant), Console.Out, Console.Error, ct)));
        return command;
    }

    /// <summary>The shared <c>-o</c> option.</summary>
    internal static Option<string> OutputOption()
    {
        var output = new Option<string>("--output", "-o") { Description = "table (default), json or yaml", DefaultValueFactory = _ => OutputFormat.Table };
        output.AcceptOnlyFromAmong(OutputFormat.Table, OutputFormat.Json, OutputFormat.Yaml);
        return output;
    }

    /// <summary>Fetches and prints one kind; returns the exit code.</summary>
    public static async Task<int> RunAsync(FedNetApiClient client, string kind, string format, string? tenant, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            switch (kind)
            {
                case "services":
                    var services = await client.ListServicesAsync(tenant, cancellationToken).ConfigureAwait(false);
                    Write(services.OrderBy(s => s.Tenant, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList(), format, output,
                        ["TENANT", "SERVICE", "VERSION", "STATE", "NETWORKS", "VMS", "UPDATED"],
                        s => [s.Tenant, s.Name, Number(s.Version), s.State, Number(s.Networks), Number(s.Vms), Time(s.UpdatedAt)]);
                    break;
                case "networks":
                    var networks = await client.ListNetworksAsync(tenant, cancellationToken).ConfigureAwait(false);
                    Write(networks.OrderBy(n => n.Tenant, StringComparer.Ordinal).ThenBy(n => n.Service, StringComparer.Ordinal)
                            .ThenBy(n => n.Name, StringComparer.Ordinal).ToList(), format, output,
                        ["TENANT", "SERVICE", "NETWORK", "CIDR", "VLANS"],
                        n => [n.Tenant, n.Service, n.Name, n.Cidr, Vlans(n.Vlans)]);
                    break;
                case "vms":
                    var vms = await client.ListVmsAsync(tenant, cancellationToken).ConfigureAwait(false);
                    Write(vms.OrderBy(v => v.Tenant, StringComparer.Ordinal).ThenBy(v => v.Service, StringComparer.Ordinal)
                            .ThenBy(v => v.Name, StringComparer.Ordinal).ToList(), format, output,
                        ["TENANT", "SERVICE", "VM", "SITE", "HOST", "INTERFACES"],
                        v => [v.Tenant, v.Service, v.Name, v.Site, v.Host, string.Join(" ", v.Interfaces.Select(i => $"{i.Network}={i.Ip},{i.Mac}"))]);
                    break;
                case "federation":
                    var federation = (await client.GetFederationAsync(cancellationToken).ConfigureAwait(false)).Value;
                    if (format != OutputFormat.Table)
                    {
                        OutputFormat.WriteData(federation, format, output);
                        break;
                    }
                    output.WriteLine($"federation {federation.Name} (version {federation.Version}, updated {Time(federation.UpdatedAt)})");
                    Write(federation.Sites.ToList(), format, output, ["SITE", "GATEWAY", "HOSTS"],
                        s => [s.Name, s.Gateway ?? "-", string.Join(" ", s.Hosts)]);
                    if (federation.Transits.Count > 0)
                        output.WriteLine("transits: " + string.Join(" ", federation.Transits));
                    break;
                default:
                    error.WriteLine($"fednet get: unknown kind '{kind}' (services, networks, vms, federation)");
                    return ExitCodes.Usage;
            }
            return ExitCodes.Ok;
        }
        catch (FedNetException e)
        {
            return RemoteCommand.Fail("get", e, error);
        }
    }

    /// <summary>A borderless Spectre table on a terminal, the same columns as plain text otherwise, or the records as json/yaml.</summary>
    internal static void Write<T>(IReadOnlyList<T> items, string format, TextWriter output, string[] headers, Func<T, string[]> row)
    {
        if (format != OutputFormat.Table)
        {
            OutputFormat.WriteData(items, format, output);
            return;
        }
        if (items.Count == 0)
        {
            output.WriteLine("no resources found");
            return;
        }
        if (!ConsoleFactory.IsInteractive(output))
        {
            // Pipes and files get every character: a Spectre table narrower than its content would cut cells.
            TextTable.Write(output, [headers, .. items.Select(row)]);
            return;
        }
        var table = new Table().Border(TableBorder.None).HideHeaders();
        foreach (var _ in headers)
            table.AddColumn(new TableColumn("").PadLeft(0).PadRight(2).NoWrap());
        table.AddRow(headers.Select(h => new Text(h)).ToArray());
        foreach (var item in items)
            table.AddRow(row(item).Select(c => new Text(c)).ToArray());
        var console = ConsoleFactory.Create(output);
        console.Write(table);
    }

    internal static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Vlans(IReadOnlyList<SiteVlanDto> vlans) =>
        vlans.Count == 0 ? "-" : string.Join(" ", vlans.OrderBy(v => v.Site, StringComparer.Ordinal).Select(v => $"{v.Site}={Number(v.Vlan)}"));
}
