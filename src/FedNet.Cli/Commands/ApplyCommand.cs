using System.CommandLine;
using FedNet.Api.Contracts;
using FedNet.Cli.Client;
using Spectre.Console;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet apply -f FILE... [--no-wait] [--if-match V]</c>: sends every service of the files to <c>fednet serve</c>,
/// prints what each commit changes, then follows the reconcile (server-sent events) until the service is ready or
/// degraded. Exit codes: 0 ready, 3 degraded, 4 conflict (412), 65 invalid, 66 no file, 69 unreachable, 77 token refused.
/// </summary>
public static class ApplyCommand
{
    public static Command Create()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Service description files (YAML; several services per file, separated by ---)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once committed; do not follow the reconcile" };
        var ifMatch = new Option<long?>("--if-match") { Description = "Apply only if the service is at this version (0: only if it does not exist)" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each service to be ready", DefaultValueFactory = _ => 300 };
        var connection = new RemoteCommand.ConnectionOptions();
        var command = new Command("apply", "Apply service descriptions through fednet serve and wait until they are ready.") { files, noWait, ifMatch, timeout };
        connection.AddTo(command);
        command.SetAction((pr, ct) => connection.RunAsync(pr, "apply", client =>
            RunAsync(client, new ApplySettings(pr.GetValue(files) ?? [], !pr.GetValue(noWait), pr.GetValue(ifMatch),
                TimeSpan.FromSeconds(Math.Max(1, pr.GetValue(timeout)))), Console.Out, Console.Error, ct)));
        return command;
    }

    /// <summary>What <c>apply</c> was asked to do.</summary>
    public sealed record ApplySettings(IReadOnlyList<string> Files, bool Wait = true, long? IfMatch = null, TimeSpan? Timeout = null);

    /// <summary>Applies every service of the files in order; returns the exit code of the worst outcome.</summary>
    public static async Task<int> RunAsync(FedNetApiClient client, ApplySettings settings, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var documents = ServiceFiles.Read("apply", settings.Files, error, out var readExit);
        if (documents is null)
            return readExit;
        var worst = ExitCodes.Ok;
        foreach (var doc in documents)
        {
            var exit = await ApplyOneAsync(client, doc, settings, output, error, cancellationToken).ConfigureAwait(false);
            worst = Worse(worst, exit);
            if (exit == ExitCodes.Unavailable || exit == RemoteCommand.NoPermission)
                break;
        }
        return worst;
    }

    private static async Task<int> ApplyOneAsync(FedNetApiClient client, ServiceDocument doc, ApplySettings settings, TextWriter output,
        TextWriter error, CancellationToken cancellationToken)
    {
        var id = $"{doc.Tenant}/{doc.Name}";
        Versioned<ApplyResultDto> answer;
        try
        {
            answer = await client.ApplyServiceAsync(doc.Tenant, doc.Name, doc.Yaml, settings.IfMatch, cancellationToken).ConfigureAwait(false);
        }
        catch (FedNetException e)
        {
            return RemoteCommand.Fail($"apply: {id}", e, error, doc.File);
        }
        var result = answer.Value;
        var verb = FedNetApiClient.WasCreated(answer) ? "created" : DiffWriter.IsEmpty(result.Diff) ? "unchanged" : "configured";
        DiffWriter.Write($"service {id} {verb} (version {result.Version}, revision {result.Revision})", result.Diff, output);
        if (!settings.Wait)
            return ExitCodes.Ok;
        ServiceStatusDto status;
        try
        {
            status = await ApplyProgress.WaitAsync(client, doc.Tenant, doc.Name, result.Revision, settings.Timeout ?? TimeSpan.FromMinutes(5), output,
                cancellationToken).ConfigureAwait(false);
        }
        catch (FedNetException e)
        {
            return RemoteCommand.Fail($"apply: {id}", e, error);
        }
        catch (TimeoutException e)
        {
            error.WriteLine($"fednet apply: {id}: {e.Message}");
            return ExitCodes.Unavailable;
        }
        return ApplyProgress.Report(id, status, output);
    }

    /// <summary>Ranks exit codes so several services report the worst: invalid, unreachable, auth, conflict, not found, degraded, ok.</summary>
    internal static int Worse(int a, int b)
    {
        static int Rank(int code) => code switch
        {
            ExitCodes.Ok => 0,
            RemoteCommand.Degraded => 1,
            RemoteCommand.NotFound => 2,
            RemoteCommand.Conflict => 3,
            RemoteCommand.NoPermission => 4,
            ExitCodes.Unavailable => 5,
            ExitCodes.DataError => 6,
            _ => 7,
        };
        return Rank(b) > Rank(a) ? b : a;
    }
}

/// <summary>Follows one apply to its end: server-sent events, with the status endpoint as the fallback.</summary>
internal static class ApplyProgress
{
    public static async Task<ServiceStatusDto> WaitAsync(FedNetApiClient client, string tenant, string name, long revision, TimeSpan timeout,
        TextWriter output, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            // The apply may already be over when we subscribe: read the status first, then follow events.
            var status = await client.GetServiceStatusAsync(tenant, name, limit.Token).ConfigureAwait(false);
            if (IsFinal(status, revision))
                return status;
            if (ConsoleFactory.IsInteractive(output))
            {
                await ConsoleFactory.Create(output).Progress().AutoClear(true).StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"{tenant}/{name}", maxValue: 1);
                    await FollowAsync(client, tenant, name, revision, p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                        task.Description = $"{tenant}/{name}: {Markup.Escape(p.Message)}";
                    }, limit.Token).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            else
            {
                await FollowAsync(client, tenant, name, revision, p => output.WriteLine($"  [{p.Done}/{p.Total}] {p.Message}"), limit.Token)
                    .ConfigureAwait(false);
            }
            // Events may end (server restart, proxy) before the final state: poll the status until it is final.
            while (true)
            {
                status = await client.GetServiceStatusAsync(tenant, name, limit.Token).ConfigureAwait(false);
                if (IsFinal(status, revision))
                    return status;
                await Task.Delay(TimeSpan.FromMilliseconds(500), limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"not ready after {timeout.TotalSeconds:0.#} s; `fednet get services` shows its state");
        }
    }

    public static int Report(string id, ServiceStatusDto status, TextWriter output)
    {
        foreach (var d in status.Diagnostics)
            output.WriteLine($"  {d}");
        if (status.State == ServiceStates.Ready)
        {
            output.WriteLine($"service {id} ready (revision {status.Revision})");
            return ExitCodes.Ok;
        }
        output.WriteLine($"service {id} {status.State} (revision {status.Revision})");
        foreach (var s in status.Switches)
            output.WriteLine($"  {s.Switch}: {s.Reason}");
        return RemoteCommand.Degraded;
    }

    private static bool IsFinal(ServiceStatusDto status, long revision) =>
        status.Revision >= revision && status.State is ServiceStates.Ready or ServiceStates.Degraded;

    private static async Task FollowAsync(FedNetApiClient client, string tenant, string name, long revision, Action<ProgressEventDto> report,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (kind, progress) in client.WatchApplyAsync(tenant, name, cancellationToken).ConfigureAwait(false))
            {
                if (progress.Revision < revision)
                    continue;
                report(progress);
                if (kind == "done")
                    return;
            }
        }
        catch (FedNetApiException)
        {
            // No event stream (older server, or the route failed): the status poll that follows still ends the wait.
        }
    }
}
