using System.Diagnostics;
using FedNet.Cbench.Internal;

namespace FedNet.Cbench;

/// <summary>
/// Runs one cbench-style measurement: connects <see cref="CbenchOptions.Switches"/> emulated switches, waits until the
/// controller has asked each for its features and installed its first flow (a second at most), loads it for the warm-up, then counts responses over the window. Any
/// switch the controller closes, feeds a malformed message or leaves unanswered ends the run with a
/// <see cref="CbenchException"/>; nothing waits without a timeout.
/// </summary>
public static class CbenchRunner
{
    /// <summary>Runs <paramref name="options"/> against the controller and returns what was counted.</summary>
    /// <exception cref="CbenchException">The controller refused, closed, misbehaved or went silent.</exception>
    public static async Task<CbenchResult> RunAsync(CbenchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var switches = Enumerable.Range(0, options.Switches).Select(i => new EmulatedSwitch(i, options)).ToList();
        try
        {
            await Task.WhenAll(switches.Select(s => s.ConnectAsync(cancellationToken))).ConfigureAwait(false);
            var failed = Task.WhenAny(switches.Select(s => s.Failed));
            await WithinAsync(Task.WhenAll(switches.Select(s => s.FeaturesAnswered)), options.Timeout, failed,
                () => $"the controller did not ask {switches.Count(s => !s.FeaturesAnswered.IsCompleted)} of {switches.Count} switches " +
                    $"for their features within {options.Timeout.TotalSeconds:0.#} s", cancellationToken).ConfigureAwait(false);
            // A controller that installs no table-miss flow gets a second to finish whatever else it sets up.
            await Task.WhenAny(Task.WhenAll(switches.Select(s => s.FirstFlowMod)), Task.Delay(TimeSpan.FromSeconds(1), cancellationToken))
                .ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            foreach (var s in switches)
            {
                if (options.Mode == CbenchMode.Throughput)
                    s.StartFlooding();
                else
                    s.StartLatencyLoop();
            }
            await DelayAsync(options.Warmup, failed, cancellationToken).ConfigureAwait(false);
            var before = switches.Select(Snapshot).ToArray();
            foreach (var s in switches)
                s.Recording = true;
            var clock = Stopwatch.StartNew();
            await DelayAsync(options.Duration, failed, cancellationToken).ConfigureAwait(false);
            foreach (var s in switches)
                s.Recording = false;
            var after = switches.Select(Snapshot).ToArray();
            var elapsed = clock.Elapsed;
            foreach (var s in switches)
                await s.StopTrafficAsync().ConfigureAwait(false);

            var delta = after.Zip(before, (a, b) => (FlowMods: a.FlowMods - b.FlowMods, PacketOuts: a.PacketOuts - b.PacketOuts, Sent: a.Sent - b.Sent))
                .ToArray();
            return new CbenchResult(
                options,
                elapsed,
                delta.Sum(d => d.FlowMods),
                delta.Sum(d => d.PacketOuts),
                delta.Sum(d => d.Sent),
                [.. delta.Select(d => d.FlowMods + d.PacketOuts)],
                switches.Sum(s => s.ErrorsReceived),
                switches.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
                [.. switches.SelectMany(s => s.LatenciesMs)],
                switches.Sum(s => s.Unanswered));
        }
        finally
        {
            foreach (var s in switches)
                await s.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static (long FlowMods, long PacketOuts, long Sent) Snapshot(EmulatedSwitch s) => (s.FlowMods, s.PacketOuts, s.PacketInsSent);

    /// <summary>Waits <paramref name="delay"/> unless a switch fails first (then throws its error).</summary>
    private static async Task DelayAsync(TimeSpan delay, Task<Task> failed, CancellationToken cancellationToken)
    {
        var done = await Task.WhenAny(Task.Delay(delay, cancellationToken), failed).ConfigureAwait(false);
        if (done == failed)
            await (await failed.ConfigureAwait(false)).ConfigureAwait(false);
        await done.ConfigureAwait(false);
    }

    /// <summary>Waits for <paramref name="task"/>, failing with <paramref name="describe"/> after <paramref name="timeout"/> or with a switch's error.</summary>
    private static async Task WithinAsync(Task task, TimeSpan timeout, Task<Task> failed, Func<string> describe, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timer.Token);
        var done = await Task.WhenAny(task, delay, failed).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        if (done == failed)
            await (await failed.ConfigureAwait(false)).ConfigureAwait(false);
        if (done == delay)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new CbenchException(describe());
        }
        await task.ConfigureAwait(false);
    }
}
