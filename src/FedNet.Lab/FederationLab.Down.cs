using System.Globalization;
using FedNet.Lab.Internal;

namespace FedNet.Lab;

public sealed partial class FederationLab
{
    /// <summary>How long a process gets to exit after SIGTERM before SIGKILL.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Removes everything of this lab id, whether or not its state file survived: processes named by PID files under the
    /// lab directory (checked to be the lab's own) and any process left inside the lab's namespaces, ended by PID; then
    /// every namespace named <c>fnl-&lt;id&gt;-*</c> (their veths, TAPs and bridges go with them); then the directory.
    /// </summary>
    public async Task DownAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var id = _options.Id;
        var dir = _options.Directory;
        var namespaces = await ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var victims = new Dictionary<int, string>();
        if (Directory.Exists(dir))
        {
            foreach (var pidFile in Directory.EnumerateFiles(dir, "*.pid", SearchOption.AllDirectories))
            {
                if (!int.TryParse(SafeRead(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                    continue;
                // A PID file can outlive its process and the PID be reused: only a process whose command line names
                // this lab's directory is the lab's.
                if (!ProcessKiller.IsAlive(pid))
                    continue;
                var commandLine = ProcessKiller.CommandLine(pid);
                if (commandLine.Contains(dir + "/", StringComparison.Ordinal))
                    victims[pid] = commandLine.Split(' ', 2)[0] is var exe ? Path.GetFileName(exe) : "process";
                else
                    LabLog.ForeignPid(_logger, id, pidFile, pid);
            }
        }
        foreach (var ns in namespaces)
        {
            var pids = await Cmd.TryAsync("ip", ["netns", "pids", ns], cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var line in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId)
                    victims.TryAdd(pid, $"process in {ns}");
            }
        }
        if (victims.Count > 0)
            progress?.Report($"ending {victims.Count} processes of lab '{id}'");
        await Task.WhenAll(victims.Select(v =>
        {
            LabLog.Ending(_logger, id, v.Value, v.Key);
            return ProcessKiller.TerminateAsync(v.Key, Grace, cancellationToken);
        })).ConfigureAwait(false);
        if (namespaces.Count > 0)
        {
            progress?.Report($"deleting {namespaces.Count} namespaces of lab '{id}'");
            await Cmd.TryAsync("ip", ["-force", "-batch", "-"], null,
                string.Concat(namespaces.Select(ns => $"netns delete {ns}\n")), cancellationToken).ConfigureAwait(false);
        }
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
            progress?.Report($"removed {dir}");
        }
        var left = await ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        if (left.Count > 0)
            throw new LabException($"lab '{id}': namespaces could not be deleted: {string.Join(", ", left)}");
    }

    /// <summary>True when anything of this lab id exists: its directory or one of its namespaces.</summary>
    public async Task<bool> HasLeftoversAsync(CancellationToken cancellationToken = default) =>
        Directory.Exists(_options.Directory) || (await ListNamespacesAsync(cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>The namespaces of this lab id (<c>fnl-&lt;id&gt;-*</c>).</summary>
    public async Task<IReadOnlyList<string>> ListNamespacesAsync(CancellationToken cancellationToken = default)
    {
        var prefix = LabNames.Prefix(_options.Id);
        var result = await Cmd.TryAsync("ip", ["netns", "list"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2)[0])
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
