namespace FedNet.Model.Tests;

/// <summary>Paths inside the repository, found from the test binary's location.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    public static string Example(string name) => Path.Combine(Examples, name);

    public static string BadCorpus => Path.Combine(Root, "tests", "FedNet.Model.Tests", "Bad");

    public static string Schema(string name) => Path.Combine(Root, "docs", "schema", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FedNet.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("FedNet.slnx not found above " + AppContext.BaseDirectory);
    }
}
