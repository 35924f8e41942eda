using System.Text.RegularExpressions;

namespace FedNet.Lab;

/// <summary>
/// Which lab to act on and where its files live. Every namespace of lab <see cref="Id"/> is named
/// <c>fnl-&lt;id&gt;-...</c> and every file lives under <see cref="Directory"/>, so two labs with different ids coexist
/// and a lab's leftovers can be found after a crash.
/// </summary>
public sealed partial record LabOptions
{
    /// <summary>The default parent of lab directories: <c>/run/fednet-lab</c> (tmpfs, gone at reboot like namespaces).</summary>
    public const string DefaultRoot = "/run/fednet-lab";

    /// <summary>The lab id: 1-8 lowercase letters or digits. Default <c>lab</c>.</summary>
    public string Id { get; init; } = "lab";

    /// <summary>The parent of the lab directory. Default <see cref="DefaultRoot"/>.</summary>
    public string Root { get; init; } = DefaultRoot;

    /// <summary>How many nodes are brought up at once (each runs ovsdb-server and ovs-vswitchd). Default 4.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// The program and leading arguments that run <c>fednet</c> (the WAN forwarder is <c>fednet lab wan-forward CONFIG</c>).
    /// Default: found from the running process (the fednet CLI itself, or a <c>fednet.dll</c> next to this assembly).
    /// </summary>
    public IReadOnlyList<string>? FednetCommand { get; init; }

    /// <summary>The lab directory: <c>&lt;Root&gt;/&lt;Id&gt;</c>.</summary>
    public string Directory => Path.Combine(Root, Id);

    /// <summary>The state file path.</summary>
    public string StatePath => Path.Combine(Directory, LabState.FileName);

    /// <summary>Throws a <see cref="LabException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (!IdPattern().IsMatch(Id))
            throw new LabException($"lab id '{Id}' must be 1-8 lowercase letters or digits");
        if (!Path.IsPathRooted(Root))
            throw new LabException($"lab root '{Root}' must be an absolute path");
        // unix socket paths are limited to 107 bytes: <root>/<id>/<node>/<bridge>.mgmt must fit.
        if (Directory.Length > 60)
            throw new LabException($"lab directory '{Directory}' is too long for unix socket paths (max 60 characters)");
        if (Parallelism < 1)
            throw new LabException($"parallelism {Parallelism} must be at least 1");
    }

    [GeneratedRegex("^[a-z0-9]{1,8}$")]
    private static partial Regex IdPattern();
}
