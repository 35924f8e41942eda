using System.Net;

namespace FedNet.Evaluation.ServicePartition;

/// <summary>
/// One component of the e-learning service as <c>fednet bench service-node</c> runs it: its role, the address it
/// listens on, the URL of each component it calls, and for a call that leaves by another of the VM's interfaces the
/// namespace of that interface (the lab gives each vif its own namespace).
/// </summary>
/// <param name="Role">What this node is.</param>
/// <param name="Listen">Address and port of its HTTP listener.</param>
/// <param name="Upstreams">Base URL of each component it calls.</param>
/// <param name="Via">For upstreams reached over another interface of the VM: the namespace their connections leave from.</param>
public sealed record ServiceNodeOptions(
    ServiceRole Role,
    IPEndPoint Listen,
    IReadOnlyDictionary<ServiceRole, Uri> Upstreams,
    IReadOnlyDictionary<ServiceRole, string> Via)
{
    /// <summary>The components each role calls (Table 1's interactions).</summary>
    public static IReadOnlyList<ServiceRole> Needs(ServiceRole role) => role switch
    {
        ServiceRole.Portal => [ServiceRole.Auth, ServiceRole.SchoolDb, ServiceRole.AppServer],
        ServiceRole.AppServer => [ServiceRole.BackendDb],
        _ => [],
    };

    /// <summary>
    /// Parses the command line's values (<c>--role</c>, <c>--listen IP:PORT</c>, <c>--upstream ROLE=URL</c>,
    /// <c>--via ROLE=NAMESPACE</c>); an <see cref="ArgumentException"/> names the bad option and value.
    /// </summary>
    public static ServiceNodeOptions Parse(string role, string listen, IEnumerable<string> upstreams, IEnumerable<string> via)
    {
        var r = ServiceRoles.Parse(role);
        if (!IPEndPoint.TryParse(listen, out var endpoint) || endpoint.Port == 0)
            throw new ArgumentException($"--listen '{listen}' is not IP:PORT");
        var ups = new Dictionary<ServiceRole, Uri>();
        foreach (var (k, v) in Pairs("--upstream", upstreams))
        {
            if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                throw new ArgumentException($"--upstream {k}={v}: not an http:// URL");
            ups[ServiceRoles.Parse(k)] = uri;
        }
        var vias = new Dictionary<ServiceRole, string>();
        foreach (var (k, v) in Pairs("--via", via))
            vias[ServiceRoles.Parse(k)] = v;
        var missing = Needs(r).Where(n => !ups.ContainsKey(n)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"role {role} calls {string.Join(", ", missing.Select(ServiceRoles.Name))}: give --upstream ROLE=URL for each");
        return new ServiceNodeOptions(r, endpoint, ups, vias);
    }

    private static IEnumerable<(string Key, string Value)> Pairs(string option, IEnumerable<string> values)
    {
        foreach (var v in values)
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == v.Length - 1)
                throw new ArgumentException($"{option} '{v}' is not ROLE=VALUE");
            yield return (v[..eq], v[(eq + 1)..]);
        }
    }
}
