using System.Reflection;

namespace FedNet.Lab;

/// <summary>How to start the fednet CLI again as a child process (the lab's WAN forwarders, the demo's background serve).</summary>
public static class FednetExecutable
{
    /// <summary>
    /// The command line that runs the CLI: the running CLI itself (its apphost, or <c>dotnet fednet.dll</c>), else a
    /// <c>fednet.dll</c> beside this assembly; null when neither exists.
    /// </summary>
    public static string[]? Command()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var hostIsDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (entry is not null && Path.GetFileName(entry) == "fednet.dll")
            return hostIsDotnet ? [host, entry] : [host];
        var beside = Path.Combine(AppContext.BaseDirectory, "fednet.dll");
        return File.Exists(beside) ? [hostIsDotnet ? host : "dotnet", beside] : null;
    }
}
