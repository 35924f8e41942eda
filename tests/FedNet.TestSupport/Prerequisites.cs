namespace FedNet.TestSupport;

/// <summary>
/// Checks that the programs the network tests use are installed. A missing one is a test failure that names the
/// Debian package to install (./test.sh installs them all); tests never skip themselves.
/// </summary>
public static class Prerequisites
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["ovsdb-server"] = "openvswitch-switch",
        ["ovs-vswitchd"] = "openvswitch-switch",
        ["ovs-vsctl"] = "openvswitch-switch",
        ["ovs-ofctl"] = "openvswitch-switch",
        ["ovs-appctl"] = "openvswitch-switch",
        ["ovsdb-tool"] = "openvswitch-switch",
        ["ovsdb-client"] = "openvswitch-switch",
        ["ip"] = "iproute2",
        ["ethtool"] = "ethtool",
        ["ping"] = "iputils-ping",
        ["tcpdump"] = "tcpdump",
        ["iperf3"] = "iperf3",
    };

    /// <summary>The schema every private ovsdb-server is created from.</summary>
    public const string VswitchSchema = "/usr/share/openvswitch/vswitch.ovsschema";

    /// <summary>Throws a message naming the package when any of <paramref name="programs"/> is not on PATH.</summary>
    public static void Require(params string[] programs)
    {
        var missing = programs.Where(p => Which(p) is null).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"missing {string.Join(", ", missing)}: {string.Join("; ", missing.Select(HintFor).Distinct())} (./test.sh installs it)");
    }

    /// <summary>Throws unless the process runs as root, which namespaces and OVS need.</summary>
    public static void RequireRoot()
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root")
            throw new InvalidOperationException("network tests must run as root (they create namespaces, veths and OVS instances)");
    }

    /// <summary>A sentence telling which package provides <paramref name="program"/>.</summary>
    public static string HintFor(string program) =>
        Packages.TryGetValue(Path.GetFileName(program), out var pkg) ? $"apt-get install -y {pkg}" : $"install {program}";

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Which(string program)
    {
        if (program.Contains('/'))
            return File.Exists(program) ? program : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
