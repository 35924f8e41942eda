namespace FedNet.Lab.Internal;

/// <summary>Checks that the programs the lab runs are installed; a missing one is one message naming its package.</summary>
internal static class Prerequisites
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["ovsdb-server"] = "openvswitch-switch",
        ["ovs-vswitchd"] = "openvswitch-switch",
        ["ovs-vsctl"] = "openvswitch-switch",
        ["ovs-ofctl"] = "openvswitch-switch",
        ["ovsdb-tool"] = "openvswitch-common",
        ["ip"] = "iproute2",
        ["ethtool"] = "ethtool",
        ["sysctl"] = "procps",
        ["setsid"] = "util-linux",
    };

    /// <summary>The schema every ovsdb-server of the lab is created from.</summary>
    public const string VswitchSchema = "/usr/share/openvswitch/vswitch.ovsschema";

    /// <summary>Throws one <see cref="LabException"/> naming every missing program's package, or a missing root/TUN.</summary>
    public static void RequireAll() => RequireAll(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>As <see cref="RequireAll()"/>, looking for the programs in <paramref name="searchPath"/> (PATH syntax).</summary>
    internal static void RequireAll(string? searchPath)
    {
        if (!OperatingSystem.IsLinux())
            throw new LabException("the lab needs Linux (network namespaces, Open vSwitch)");
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root")
            throw new LabException("the lab must run as root (it creates namespaces, veths, TAPs and OVS instances)");
        var missing = Packages.Keys.Where(p => Which(p, searchPath) is null).ToList();
        if (!File.Exists(VswitchSchema))
            missing.Add("ovsdb-tool");
        if (missing.Count > 0)
        {
            var packages = missing.Select(m => Packages[m]).Distinct().Order();
            throw new LabException(
                $"missing {string.Join(", ", missing.Distinct())}: apt-get install -y {string.Join(' ', packages)}");
        }
        if (!File.Exists("/dev/net/tun"))
            throw new LabException("/dev/net/tun is missing: the WAN emulator needs TAP devices (modprobe tun)");
    }

    /// <summary>A sentence telling which package provides <paramref name="program"/>.</summary>
    public static string HintFor(string program) =>
        Packages.TryGetValue(Path.GetFileName(program), out var pkg) ? $"apt-get install -y {pkg}" : $"install {program}";

    // Only PATH counts: the lab starts every program by name (Process.Start, `ip netns exec`), which searches PATH, so a
    // program outside it would pass here and fail later, half-way through building the lab.
    private static string? Which(string program, string? searchPath)
    {
        var path = string.IsNullOrEmpty(searchPath) ? "/usr/sbin:/sbin:/usr/bin:/bin" : searchPath;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);
    }
}
