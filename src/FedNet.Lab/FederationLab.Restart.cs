using System.Globalization;
using FedNet.Lab.Internal;

namespace FedNet.Lab;

public sealed partial class FederationLab
{
    /// <summary>
    /// Kills the ovs-vswitchd of <paramref name="node"/> with SIGKILL (the PID recorded in the lab state), as a crash
    /// would, and waits until it is gone. Its database, bridges and ports stay; its flows are lost. Returns the PID.
    /// </summary>
    public async Task<int> KillVswitchdAsync(string node, CancellationToken cancellationToken = default)
    {
        var (_, process) = Vswitchd(ReadState(), node);
        await Cmd.TryAsync("kill", ["-KILL", process.Pid.ToString(CultureInfo.InvariantCulture)], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        for (var i = 0; i < 500 && ProcessKiller.IsAlive(process.Pid); i++)
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        if (ProcessKiller.IsAlive(process.Pid))
            throw new LabException($"ovs-vswitchd of {node} (pid {process.Pid}) survived SIGKILL");
        return process.Pid;
    }

    /// <summary>
    /// Starts the ovs-vswitchd of <paramref name="node"/> again with the lab's own bootstrap (same database, run directory,
    /// log), waits until it has applied the database (bridges and ports are back, with no flows), gives a gateway's
    /// recreated <c>br-underlay</c> port its underlay address again, and records the new PID in the state file.
    /// </summary>
    public async Task<int> StartVswitchdAsync(string node, CancellationToken cancellationToken = default)
    {
        var state = ReadState();
        var (n, old) = Vswitchd(state, node);
        var started = await new OvsDaemon(n.Namespace, n.OvsRundir).StartVswitchdAsync(cancellationToken).ConfigureAwait(false);
        var wan = state.Nodes.Where(x => x.Underlay is not null && x.Interfaces.Contains(LabNames.WanLink)).ToList();
        if (n.Underlay is { } underlay && wan.Contains(n))
        {
            await AddressUnderlayAsync(n.Namespace, underlay, CommonPrefixLength(wan.Select(x => x.Underlay!)), cancellationToken)
                .ConfigureAwait(false);
        }
        (state with { Processes = [.. state.Processes.Select(p => p == old ? started : p)] }).Write(_options.StatePath);
        return started.Pid;
    }

    private static (LabNodeState Node, LabProcessState Process) Vswitchd(LabState state, string node)
    {
        var n = state.Node(node) ?? throw new LabException($"lab '{state.Id}' has no node '{node}'");
        var p = state.Processes.FirstOrDefault(p => p.Role == "ovs-vswitchd" && p.Namespace == n.Namespace)
            ?? throw new LabException($"lab '{state.Id}' records no ovs-vswitchd for {node}");
        return (n, p);
    }
}
