using System.Security.Cryptography;
using FedNet.Lab;
using FedNet.TestSupport;

namespace FedNet.Api.Tests;

/// <summary>The repository's examples, service descriptions made up for tests, and fresh lab options.</summary>
internal static class Examples
{
    public static string Path(string file) => Repository.Example(file);

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
