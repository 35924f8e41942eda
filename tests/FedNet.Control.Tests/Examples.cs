using System.Security.Cryptography;
using FedNet.Lab;

namespace FedNet.Control.Tests;

/// <summary>Paths of the repository's examples and fresh lab options.</summary>
internal static class Examples
{
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "examples");
                if (File.Exists(System.IO.Path.Combine(candidate, "federation-paper.yaml")))
                    return candidate;
            }
            throw new InvalidOperationException("examples/federation-paper.yaml not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Path(string file) => System.IO.Path.Combine(Directory, file);

    public static string Paper => Path("federation-paper.yaml");

    /// <summary>Options for a lab with a fresh id (c + 5 hex digits), so parallel or crashed runs never collide.</summary>
    public static LabOptions FreshLab() => new() { Id = "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5] };
}
