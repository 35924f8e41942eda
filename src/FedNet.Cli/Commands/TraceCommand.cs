using System.CommandLine;
using FedNet.Control;
using FedNet.Control.Tracing;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet trace --federation F -f SERVICE... [--lab ID] --from VM --to VM [--arp]</c>: the path a frame takes, switch
/// by switch, from each switch's own <c>ofproto/trace</c>. Exit 0 when it reaches the destination, 1 when it is dropped.
/// </summary>
public static class TraceCommand
{
    public static Command Create()
    {
        var federation = new Option<string>("--federation") { Description = "The federation description (YAML)", Required = true };
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Service description files (YAML), as given to serve",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var lab = new Option<string>("--lab") { Description = "Id of the running lab", DefaultValueFactory = _ => "lab" };
        var root = new Option<string>("--root") { Description = "Parent of the lab directory", DefaultValueFactory = _ => LabOptions.DefaultRoot };
        var from = new Option<string>("--from") { Description = "Sending VM (tenant.vm, or tenant.vm.network for a VM with several interfaces)", Required = true };
        var to = new Option<string>("--to") { Description = "Destination VM", Required = true };
        var arp = new Option<bool>("--arp") { Description = "Trace an ARP request for the destination's IP instead of an ICMP echo" };
        var command = new Command("trace", "Show the path a frame from one VM to another takes: each switch, the flows it hits, VLAN rewrites, tunnels.")
        {
            federation, files, lab, root, from, to, arp,
        };
        command.SetAction((pr, ct) => RunAsync(pr.GetValue(federation)!, pr.GetValue(files) ?? [], pr.GetValue(lab)!, pr.GetValue(root)!,
            pr.GetValue(from)!, pr.GetValue(to)!, pr.GetValue(arp), Console.Out, Console.Error, ct));
        return command;
    }

    /// <summary>Runs one trace; returns an exit code (0 reached, 1 dropped, 64/65/66/69 as the other commands).</summary>
    public static async Task<int> RunAsync(string federation, IReadOnlyList<string> files, string labId, string labRoot, string from, string to,
        bool arp, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var missing = files.Prepend(federation).Where(p => !File.Exists(p)).ToList();
        foreach (var path in missing)
            error.WriteLine($"fednet trace: {path}: no such file");
        if (missing.Count > 0)
            return ExitCodes.NoInput;
        try
        {
            var set = LabDeployment.Load(federation, files);
            var plan = Planner.Plan(set.Federation, set.Services);
            var state = new FederationLab(new LabOptions { Id = labId, Root = labRoot }).ReadState();
            var tracer = new PathTracer(plan, state);
            VifPlacement source, destination;
            try
            {
                source = tracer.Resolve(from, to);
                destination = tracer.Resolve(to, from);
            }
            catch (ControlException e)
            {
                error.WriteLine($"fednet trace: {e.Message}");
                return ExitCodes.Usage;
            }
            var result = await tracer.TraceAsync(source, destination, arp, cancellationToken).ConfigureAwait(false);
            output.Write(result.Format());
            return result.Reached ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }
        catch (DescriptionException e)
        {
            foreach (var d in e.Errors)
                error.WriteLine(d.ToString());
            error.WriteLine($"{e.Errors.Count} error{(e.Errors.Count == 1 ? "" : "s")}");
            return ExitCodes.DataError;
        }
        catch (FedNetException e)
        {
            error.WriteLine($"fednet trace: {e.Message}");
            return ExitCodes.Unavailable;
        }
    }
}
