using System.CommandLine;
using System.Diagnostics;
using FedNet.Lab;
using FedNet.Model;
using Spectre.Console;

namespace FedNet.Cli.Commands;

/// <summary><c>fednet lab ...</c>: a whole federation on this machine (namespaces, Open vSwitch, VPLS, WAN, VMs).</summary>
internal static class LabCommands
{
    public static Command Create()
    {
        var id = new Option<string>("--id")
        {
            Description = "Lab id (1-8 lowercase letters or digits); labs with different ids coexist",
            DefaultValueFactory = _ => "lab",
            Recursive = true,
        };
        var root = new Option<string>("--root")
        {
            Description = "Parent of the lab directory",
            DefaultValueFactory = _ => LabOptions.DefaultRoot,
            Recursive = true,
        };
        var command = new Command("lab", "Run a whole federation on this machine: a namespace with Open vSwitch per host and gateway, " +
            "segments, VPLS, L3 WAN, VM endpoints.");
        command.Options.Add(id);
        command.Options.Add(root);
        LabOptions Options(ParseResult pr) => new() { Id = pr.GetValue(id)!, Root = pr.GetValue(root)! };

        var federation = new Option<FileInfo>("--federation", "-f") { Description = "Federation description (YAML)", Required = true };
        var up = new Command("up", "Build the lab for a federation description (removes leftovers of the same lab id first).")
        {
            federation,
        };
        up.SetAction((pr, ct) => Guard(async () =>
        {
            var path = pr.GetValue(federation)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"fednet lab up: {path.FullName}: no such file");
                return ExitCodes.NoInput;
            }
            var topology = LabTopology.Load(path.FullName);
            var lab = new FederationLab(Options(pr));
            var state = await lab.UpAsync(topology, new ConsoleProgress(), ct).ConfigureAwait(false);
            PrintStatus(state);
            return ExitCodes.Ok;
        }));

        var down = new Command("down", "Remove everything of the lab: processes (by PID), namespaces, links, files.");
        down.SetAction((pr, ct) => Guard(async () =>
        {
            var lab = new FederationLab(Options(pr));
            await lab.DownAsync(new ConsoleProgress(), ct).ConfigureAwait(false);
            Console.WriteLine($"lab '{lab.Options.Id}' is down");
            return ExitCodes.Ok;
        }));

        var status = new Command("status", "Show the lab: sites, hosts, switches with their socket paths, VMs, transits.");
        status.SetAction((pr, ct) => Guard(() =>
        {
            PrintStatus(new FederationLab(Options(pr)).ReadState());
            return Task.FromResult(ExitCodes.Ok);
        }));

        var target = new Argument<string>("name") { Description = "A VM, host or gateway of the lab" };
        var argv = new Argument<string[]>("command")
        {
            Description = "The command to run in its namespace (after --)",
            Arity = ArgumentArity.OneOrMore,
        };
        var exec = new Command("exec", "Run a command inside a VM's (or a host's or gateway's) namespace.") { target, argv };
        exec.SetAction((pr, ct) => Guard(async () =>
        {
            var state = new FederationLab(Options(pr)).ReadState();
            var name = pr.GetValue(target)!;
            var ns = state.Vm(name)?.Namespace ?? state.Node(name)?.Namespace
                ?? throw new LabException($"lab '{state.Id}' has no VM, host or gateway named '{name}'");
            var psi = new ProcessStartInfo("ip") { UseShellExecute = false };
            foreach (var a in (string[])["netns", "exec", ns, .. pr.GetValue(argv)!])
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            return p.ExitCode;
        }));

        var vmName = new Argument<string>("name") { Description = "VM name" };
        var host = new Option<string>("--host") { Description = "Host the VM runs on", Required = true };
        var mac = new Option<string>("--mac") { Description = "MAC address of eth0", Required = true };
        var ip = new Option<string>("--ip") { Description = "IPv4 address with prefix length, e.g. 10.0.1.5/24", Required = true };
        var vmAdd = new Command("add",
            "Create a VM endpoint: a namespace with eth0; its peer vf<mac> appears unattached in the host's namespace.")
        {
            vmName, host, mac, ip,
        };
        vmAdd.SetAction((pr, ct) => Guard(async () =>
        {
            var driver = new NamespaceComputeDriver(new FederationLab(Options(pr)));
            var b = await driver.BindAsync(new VmSpec(pr.GetValue(vmName)!, pr.GetValue(host)!, pr.GetValue(mac)!, pr.GetValue(ip)!), ct)
                .ConfigureAwait(false);
            Console.WriteLine($"VM {b.Vm}: namespace {b.VmNamespace}; interface {b.HostInterface} in {b.HostNamespace} (host {b.Host})");
            return ExitCodes.Ok;
        }));
        var vmDelName = new Argument<string>("name") { Description = "VM name" };
        var vmDel = new Command("del", "Remove a VM endpoint (its namespace and its interface on the host).") { vmDelName };
        vmDel.SetAction((pr, ct) => Guard(async () =>
        {
            await new NamespaceComputeDriver(new FederationLab(Options(pr))).UnbindAsync(pr.GetValue(vmDelName)!, ct).ConfigureAwait(false);
            Console.WriteLine($"VM {pr.GetValue(vmDelName)} removed");
            return ExitCodes.Ok;
        }));
        var vm = new Command("vm", "VM endpoints (the lab's compute driver).") { vmAdd, vmDel };

        var config = new Argument<FileInfo>("config") { Description = "WAN link config (JSON) written by lab up" };
        var forward = new Command("wan-forward", "Internal: the WAN emulator lab up starts on each transit.") { config };
        forward.Hidden = true;
        forward.SetAction(async (pr, ct) =>
        {
            try
            {
                await WanForwarder.RunAsync(pr.GetValue(config)!.FullName, ct).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (LabException e)
            {
                Console.Error.WriteLine($"fednet lab wan-forward: {e.Message}");
                return ExitCodes.Software;
            }
        });

        command.Subcommands.Add(up);
        command.Subcommands.Add(down);
        command.Subcommands.Add(status);
        command.Subcommands.Add(exec);
        command.Subcommands.Add(vm);
        command.Subcommands.Add(forward);
        return command;
    }

    private static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (DescriptionException e)
        {
            foreach (var error in e.Errors)
                Console.Error.WriteLine(error.ToString());
            return ExitCodes.DataError;
        }
        catch (LabException e)
        {
            Console.Error.WriteLine($"fednet lab: {e.Message}");
            return ExitCodes.Unavailable;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("fednet lab: cancelled");
            return ExitCodes.Software;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"fednet lab: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Software;
        }
    }

    private static void PrintStatus(LabState state)
    {
        AnsiConsole.MarkupLine(
            $"[bold]lab {Markup.Escape(state.Id)}[/] ({Markup.Escape(state.Topology)}), directory {Markup.Escape(state.Directory)}");
        var nodes = new Table().AddColumns("site", "node", "kind", "namespace", "OVSDB socket (bridge B: <dir>/B.mgmt)", "interfaces");
        foreach (var n in state.Nodes)
        {
            nodes.AddRow(Markup.Escape(n.Site), Markup.Escape(n.Name), n.Kind.ToString().ToLowerInvariant(), Markup.Escape(n.Namespace),
                Markup.Escape(n.OvsdbSocket), Markup.Escape(string.Join(" ", n.Interfaces)));
        }
        AnsiConsole.Write(nodes);
        var transits = new Table().AddColumns("#", "transit", "kind", "sites", "public VLANs", "WAN", "namespace");
        foreach (var t in state.Transits)
        {
            transits.AddRow(t.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(t.Name),
                t.Kind.ToString().ToLowerInvariant(), Markup.Escape($"{t.SiteA} - {t.SiteB}"), string.Join(",", t.PublicVlans),
                Markup.Escape(t.Wan.ToString()), Markup.Escape(t.Namespace));
        }
        AnsiConsole.Write(transits);
        var segments = new Table().AddColumns("segment", "site", "bridge", "members");
        foreach (var s in state.Segments)
        {
            segments.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Site), Markup.Escape($"{s.Bridge} in {s.Namespace}"),
                Markup.Escape(string.Join(" ", s.Members)));
        }
        AnsiConsole.Write(segments);
        var dead = state.Processes.Where(p => !Directory.Exists($"/proc/{p.Pid}")).ToList();
        AnsiConsole.MarkupLine(dead.Count == 0
            ? $"{state.Processes.Count} lab processes running (ovsdb-server, ovs-vswitchd, WAN emulators)"
            : $"[red]{dead.Count} of {state.Processes.Count} lab processes are gone[/]: " +
              Markup.Escape(string.Join(", ", dead.Select(p => $"{p.Role} in {p.Namespace} (pid {p.Pid})"))) +
              "; `fednet lab up` rebuilds the lab");
        if (state.Vms.Count > 0)
        {
            var vms = new Table().AddColumns("VM", "host", "MAC", "address", "host interface", "namespace");
            foreach (var v in state.Vms)
                vms.AddRow(Markup.Escape(v.Name), Markup.Escape(v.Host), v.Mac, v.Address, v.HostInterface, Markup.Escape(v.Namespace));
            AnsiConsole.Write(vms);
        }
        else
        {
            AnsiConsole.MarkupLine("no VMs (add one with [bold]fednet lab vm add[/])");
        }
    }

    /// <summary>Prints progress lines as they come, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class ConsoleProgress : IProgress<string>
    {
        private readonly Lock _lock = new();

        public void Report(string value)
        {
            lock (_lock)
                Console.WriteLine(value);
        }
    }
}
