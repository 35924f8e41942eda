using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FedNet.Model;
using FedNet.Planning;
using FedNet.Planning.State;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet plan --federation F -f SERVICE... [--output table|json]</c>: validates the descriptions, plans them and prints
/// the allocation table, the links chosen and the flow/row counts per switch (table), or the whole plan (json).
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var federation = new Option<string>("--federation")
        {
            Description = "The federation description (YAML); without it, fednet serve plans against what it stores (RemotePlanCommand)",
        };
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Service description files (YAML; a file may hold several services)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "table (default) or json (the full desired state of every switch)",
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("plan", "Plan services over a federation: allocations, links and the desired state of every switch.")
        {
            federation, files, output,
        };
        var connection = new Client.RemoteCommand.ConnectionOptions();
        connection.AddTo(command);
        command.SetAction((parseResult, ct) => parseResult.GetValue(federation) is { } fed
            ? Task.FromResult(Run(fed, parseResult.GetValue(files) ?? [], parseResult.GetValue(output) ?? "table", Console.Out, Console.Error))
            : RemotePlanCommand.RunAsync(connection, parseResult, parseResult.GetValue(files) ?? [], parseResult.GetValue(output) ?? "table", ct));
        return command;
    }

    /// <summary>Plans; returns 0, 65 on description errors (or plan errors), 66 when a file cannot be opened.</summary>
    public static int Run(string federationPath, IReadOnlyList<string> servicePaths, string format, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(servicePaths);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var missing = servicePaths.Prepend(federationPath).Where(p => !File.Exists(p)).ToList();
        foreach (var path in missing)
            error.WriteLine($"{path}: no such file");
        if (missing.Count > 0)
            return ExitCodes.NoInput;

        var loaded = DescriptionSet.Load(federationPath, servicePaths);
        if (!loaded.IsValid || loaded.Value is not { } set)
        {
            foreach (var e in loaded.Errors)
                error.WriteLine(e);
            error.WriteLine($"{loaded.Errors.Count} error{(loaded.Errors.Count == 1 ? "" : "s")}");
            return ExitCodes.DataError;
        }

        var plan = Planner.Plan(set.Federation, set.Services);
        if (format == "json")
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                PlanJson.Write(plan, writer);
            output.Write(Encoding.UTF8.GetString(buffer.ToArray()));
            output.WriteLine();
        }
        else
        {
            WriteTable(plan, output);
        }
        foreach (var d in plan.Diagnostics)
            error.WriteLine(d);
        return plan.Diagnostics.Any(d => d.Severity == PlanSeverity.Error) ? ExitCodes.DataError : ExitCodes.Ok;
    }

    private static void WriteTable(NetworkPlan plan, TextWriter output)
    {
        var a = plan.Allocations;
        var rows = new List<string[]> { new[] { "VM", "NETWORK", "SITE", "HOST", "MAC", "IP", "VLAN PER SITE" } };
        var sites = plan.Federation.Sites.SelectMany(s => s.Hosts).ToDictionary(h => h.Name, h => h.Site, StringComparer.Ordinal);
        foreach (var (vif, mac) in a.Macs)
        {
            var service = plan.Services[new ServiceKey(vif.Vm.Tenant, vif.Vm.Service)];
            var network = service.Vms.First(v => v.Name == vif.Vm.Vm).Interfaces[vif.Index].Network;
            var netKey = new NetworkKey(vif.Vm.Tenant, vif.Vm.Service, network);
            var host = a.Hosts[vif.Vm];
            var vlans = string.Join(" ", plan.PrivateVlans(netKey).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            rows.Add([vif.Vm.ToString(), netKey.ToString(), sites[host], host, FieldFormat.Mac(mac),
                a.Ips.TryGetValue(vif, out var ip) ? FieldFormat.Ipv4(ip) : "-", vlans]);
        }
        output.WriteLine("Allocations");
        Table(output, rows);

        output.WriteLine();
        output.WriteLine("Links");
        var links = new List<string[]> { new[] { "NETWORK", "FROM", "TO", "LINK", "TRANSITS" } };
        foreach (var l in plan.Links().Where(l => l.From.CompareTo(l.To) < 0))
            links.Add([l.Network.ToString(), l.From.Vm.Vm + "#" + l.From.Index, l.To.Vm.Vm + "#" + l.To.Index, l.Kind.ToString(),
                l.Transits.Count == 0 ? "-" : string.Join(" > ", l.Transits)]);
        Table(output, links);

        output.WriteLine();
        output.WriteLine("Switches");
        var switches = new List<string[]> { new[] { "SWITCH", "ROLE", "FLOWS", "PORTS", "METERS" } };
        foreach (var (id, s) in plan.State.Switches)
        {
            switches.Add([id.ToString(), s.Role.ToString(), s.FlowCount.ToString(CultureInfo.InvariantCulture),
                s.Ports.Count.ToString(CultureInfo.InvariantCulture), s.Meters.Count.ToString(CultureInfo.InvariantCulture)]);
        }
        Table(output, switches);
        output.WriteLine($"{plan.State.Switches.Count} switches, {plan.State.FlowCount} flows, {a.Macs.Count} vifs, {a.NetworkIds.Count} networks");
        PolicyReport.WriteTable(PolicyReport.For(plan), output);
    }

    private static void Table(TextWriter output, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((c, i) => i == row.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
    }
}
