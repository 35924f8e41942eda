using System.Security.Cryptography;
using FedNet.Lab;

namespace FedNet.Api.Tests;

/// <summary>The repository's examples, service descriptions made up for tests, and fresh lab options.</summary>
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

    public static string PaperYaml => File.ReadAllText(Paper);

    public static string ElearningYaml => File.ReadAllText(Path("elearning.yaml"));

    /// <summary>A one-network, one-VM service; <paramref name="site"/> of the paper federation, <paramref name="cidr"/> its subnet.</summary>
    public static string Service(string tenant, string name, string site = "kuas", string cidr = "10.0.0.0/24", string vm = "vm1") =>
        $"""
        tenant: {tenant}
        service: {name}
        networks:
          - {"{"} name: net, cidr: {cidr} {"}"}
        vms:
          - name: {vm}
            placement: {"{"} site: {site} {"}"}
            interfaces:
              - {"{"} network: net {"}"}
        """;

    /// <summary>Options for a lab with a fresh id (a + 5 hex digits), so parallel or crashed runs never collide.</summary>
    public static LabOptions FreshLab() => new() { Id = "a" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5] };
}
