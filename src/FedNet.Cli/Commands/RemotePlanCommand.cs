using System.CommandLine;
using FedNet.Api.Contracts;
using FedNet.Cli.Client;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet plan -f FILE... [-o table|json]</c> without <c>--federation</c>: asks <c>fednet serve</c> what applying each
/// service would change (<c>POST …/plan</c>), against the stored federation and allocations, and prints the diff.
/// Exit codes: 0, 65 invalid, 66 no file, 69 unreachable, 77 token refused.
/// </summary>
public static class RemotePlanCommand
{
    /// <summary>Runs the remote plan from a parsed <c>plan</c> command line.</summary>
    public static async Task<int> RunAsync(RemoteCommand.ConnectionOptions connection, ParseResult parseResult, IReadOnlyList<string> files, string format,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.RunAsync(parseResult, "plan", client => RunAsync(client, files, format, Console.Out, Console.Error, cancellationToken))
            .ConfigureAwait(false);
    }

    /// <summary>Plans every service of <paramref name="files"/>; returns the worst exit code.</summary>
    public static async Task<int> RunAsync(FedNetApiClient client, IReadOnlyList<string> files, string format, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var documents = ServiceFiles.Read("plan", files, error, out var readExit);
        if (documents is null)
            return readExit;
        var worst = ExitCodes.Ok;
        var plans = new List<ServicePlan>();
        foreach (var doc in documents)
        {
            var id = $"{doc.Tenant}/{doc.Name}";
            try
            {
                var diff = await client.PlanServiceAsync(doc.Tenant, doc.Name, doc.Yaml, cancellationToken).ConfigureAwait(false);
                plans.Add(new ServicePlan(doc.Tenant, doc.Name, diff));
                if (format == OutputFormat.Table)
                {
                    if (plans.Count > 1)
                        output.WriteLine();
                    DiffWriter.Write($"service {id}", diff, output);
                }
            }
            catch (FedNetException e)
            {
                var exit = RemoteCommand.Fail($"plan: {id}", e, error, doc.File);
                worst = ApplyCommand.Worse(worst, exit);
                if (exit is ExitCodes.Unavailable or RemoteCommand.NoPermission)
                    break;
            }
        }
        if (format != OutputFormat.Table)
            OutputFormat.WriteData(plans, format, output);
        return worst;
    }

    /// <summary>One service's plan in <c>-o json</c> output.</summary>
    public sealed record ServicePlan(string Tenant, string Service, PlanDiffDto Diff);
}
