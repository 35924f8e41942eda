using FedNet.TestSupport;

namespace FedNet.Model.Tests;

/// <summary>Paths inside the repository, found from the test binary's location.</summary>
internal static class RepoPaths
{
    public static string Root => Repository.Root;

    public static string Examples => Repository.Examples;

    public static string Example(string name) => Repository.Example(name);

    public static string BadCorpus => Path.Combine(Root, "tests", "FedNet.Model.Tests", "Bad");

    public static string Schema(string name) => Path.Combine(Root, "docs", "schema", name);
}
