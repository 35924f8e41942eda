using FedNet.Control;

namespace FedNet.Cli.Commands;

/// <summary>The repository checkout the CLI runs from (the demo's and the evaluation's examples live there).</summary>
internal static class Checkout
{
    /// <summary>The checkout's root: the first folder above the current directory or the CLI's binaries holding examples/.</summary>
    public static string Root(string command)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var examples = Path.Combine(dir.FullName, "examples");
                if (File.Exists(Path.Combine(examples, "federation-paper.yaml")) && File.Exists(Path.Combine(examples, "elearning.yaml")))
                    return dir.FullName;
            }
        }
        throw new ControlException($"examples/federation-paper.yaml not found above the current directory: run ./fednet {command} from the repository");
    }

    /// <summary>The checkout's examples/ folder.</summary>
    public static string Examples(string command) => Path.Combine(Root(command), "examples");
}
