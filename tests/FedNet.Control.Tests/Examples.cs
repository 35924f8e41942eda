using System.Security.Cryptography;
using FedNet.Lab;
using FedNet.TestSupport;

namespace FedNet.Control.Tests;

/// <summary>Paths of the repository's examples and fresh lab options.</summary>
internal static class Examples
{
    public static string Path(string file) => Repository.Example(file);

    public static string Paper => Path("federation-paper.yaml");

    /// <summary>Options for a lab with a fresh id (c + 5 hex digits), so parallel or crashed runs never collide.</summary>
    public static LabOptions FreshLab() => new() { Id = "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5] };
}
