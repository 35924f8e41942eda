namespace FedNet.Evaluation.Arp;

/// <summary>
/// The ARP experiment's service, on examples/federation-paper.yaml: two networks of the same shape, one answered by
/// in-switch ARP responders (<c>arp: switch</c>, the default) and one by the controller's proxy (<c>arp: controller</c>).
/// In each, VM &lt;net&gt;a on kuas-rack1 resolves &lt;net&gt;v on ncku-h1 (across the VPLS) and &lt;net&gt;g on ntust-h1
/// (across the GRE tunnel). Written to a temporary file by the experiment (it is not an operator example).
/// </summary>
internal static class ArpService
{
    /// <summary>The tenant.</summary>
    public const string Tenant = "arp";

    /// <summary>The service description.</summary>
    public const string Yaml = """
        tenant: arp
        service: modes

        networks:
          - { name: sw, cidr: 10.40.1.0/24, arp: switch }
          - { name: ctl, cidr: 10.40.2.0/24, arp: controller }

        vms:
          - { name: swa, placement: { host: kuas-rack1 }, interfaces: [{ network: sw, ip: 10.40.1.1 }] }
          - { name: swv, placement: { host: ncku-h1 }, interfaces: [{ network: sw, ip: 10.40.1.2 }] }
          - { name: swg, placement: { host: ntust-h1 }, interfaces: [{ network: sw, ip: 10.40.1.3 }] }
          - { name: ctla, placement: { host: kuas-rack1 }, interfaces: [{ network: ctl, ip: 10.40.2.1 }] }
          - { name: ctlv, placement: { host: ncku-h1 }, interfaces: [{ network: ctl, ip: 10.40.2.2 }] }
          - { name: ctlg, placement: { host: ntust-h1 }, interfaces: [{ network: ctl, ip: 10.40.2.3 }] }

        """;
}
