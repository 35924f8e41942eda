using System.Diagnostics;
using System.Text;

namespace FedNet.Evaluation.ServicePartition.Internal;

/// <summary>
/// One <c>fednet bench service-node</c> started with <c>ip netns exec NS chrt -r 10</c> (<see cref="SchedulingPriority.Prefix"/>; both exec, so the PID is the node's);
/// ready once it prints <see cref="ServiceNode.ReadyLine"/>; ended by PID.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Line(e.Data, ready: true);
        _process.ErrorDataReceived += (_, e) => Line(e.Data, ready: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    /// <summary>Starts <paramref name="fednet"/> <c>bench service-node</c> <paramref name="arguments"/> in namespace <paramref name="netns"/>.</summary>
    public static NodeProcess Start(string name, string netns, IReadOnlyList<string> fednet, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] prefix = ["netns", "exec", netns, .. SchedulingPriority.Prefix()];
        foreach (var a in prefix.Concat(fednet).Concat(["bench", "service-node"]).Concat(arguments))
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start the {name} service node");
        return new NodeProcess(name, process);
    }

    /// <summary>Waits until the node listens; throws with its output if it exits or <paramref name="timeout"/> passes first.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var finished = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        if (finished == _ready.Task)
            return;
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException(finished == exited
            ? $"service node {Name} exited ({_process.ExitCode}) before listening: {Output()}"
            : $"service node {Name} did not listen within {timeout.TotalSeconds:0} s: {Output()}");
    }

    /// <summary>Everything the node printed so far.</summary>
    public string Output()
    {
        lock (_output)
            return _output.ToString().Trim();
    }

    /// <summary>Ends the node by its PID and waits for it.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void Line(string? line, bool ready)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Append(line).Append('\n');
        if (ready && line.StartsWith(ServiceNode.ReadyLine, StringComparison.Ordinal))
            _ready.TrySetResult();
    }
}
