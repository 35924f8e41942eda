namespace FedNet.TestSupport;

/// <summary>Paths inside the repository, found by walking up from the test binary to the folder holding FedNet.slnx.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FedNet.slnx")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no FedNet.slnx above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository's root folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The <c>examples/</c> folder.</summary>
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The path of <c>examples/<paramref name="name"/></c>.</summary>
    public static string Example(string name) => Path.Combine(Examples, name);
}
