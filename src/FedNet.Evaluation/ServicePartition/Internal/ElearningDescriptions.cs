namespace FedNet.Evaluation.ServicePartition.Internal;

/// <summary>
/// The experiment's copies of the service descriptions: the same service, plus one client VM per location on the
/// users' network (the clients must be VMs of the service to reach its portal: networks are per service).
/// </summary>
internal static class ElearningDescriptions
{
    /// <summary>
    /// <paramref name="yaml"/> with <paramref name="clients"/> (VM name, site) appended to its <c>vms:</c> list, each with
    /// one interface on <paramref name="network"/>. Block-style YAML: the entries go before the next top-level key.
    /// </summary>
    public static string WithClients(string yaml, IEnumerable<(string Vm, string Site)> clients, string network)
    {
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var vms = lines.FindIndex(l => l.TrimEnd() == "vms:");
        if (vms < 0)
            throw new InvalidOperationException("the service description has no top-level 'vms:' list");
        var next = lines.FindIndex(vms + 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && l[0] != '#' && l[0] != '-');
        if (next < 0)
            next = lines.Count;
        var entries = clients.SelectMany(c => new[]
        {
            $"  - name: {c.Vm}",
            $"    placement: {{ site: {c.Site} }}",
            "    interfaces:",
            $"      - {{ network: {network} }}",
            "",
        });
        lines.InsertRange(next, entries);
        return string.Join('\n', lines);
    }
}
