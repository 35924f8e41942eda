namespace FedNet.Evaluation.Throughput;

/// <summary>
/// The service figure 4 applies in every setup: one network with a VM on every host of the paper's federation, so the
/// source VM on kuas-rack1 reaches a peer over each path (<see cref="ThroughputPath.All"/>). Fixed MACs and addresses,
/// so the kernel baseline gives its VMs the same ones. Applies unchanged to examples/federation-paper.yaml and
/// examples/federation-paper-vswitches.yaml.
/// </summary>
public static class ThroughputService
{
    /// <summary>The service description (YAML).</summary>
    public const string Yaml = """
        # fednet bench paper --only fig4-throughput: a source VM on kuas-rack1 and one peer per path.
        tenant: bench
        service: throughput

        networks:
          - { name: tput, cidr: 10.40.0.0/24 }

        vms:
          - { name: src,   placement: { host: kuas-rack1 }, interfaces: [{ network: tput, ip: 10.40.0.1, mac: "02:fe:00:40:00:01" }] }
          - { name: local, placement: { host: kuas-rack1 }, interfaces: [{ network: tput, ip: 10.40.0.2, mac: "02:fe:00:40:00:02" }] }
          - { name: lan,   placement: { host: kuas-rack2 }, interfaces: [{ network: tput, ip: 10.40.0.3, mac: "02:fe:00:40:00:03" }] }
          - { name: vpls,  placement: { host: ncku-h1 },    interfaces: [{ network: tput, ip: 10.40.0.4, mac: "02:fe:00:40:00:04" }] }
          - { name: gre,   placement: { host: ntust-h1 },   interfaces: [{ network: tput, ip: 10.40.0.5, mac: "02:fe:00:40:00:05" }] }
        """;

    /// <summary>Writes <see cref="Yaml"/> as <c>throughput.yaml</c> in <paramref name="directory"/>; returns the path.</summary>
    public static string WriteTo(string directory)
    {
        var path = Path.Combine(directory, "throughput.yaml");
        File.WriteAllText(path, Yaml + "\n");
        return path;
    }
}
