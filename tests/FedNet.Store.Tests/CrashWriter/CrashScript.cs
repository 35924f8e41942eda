using FedNet.Planning;

namespace FedNet.Store.CrashWriter;

/// <summary>
/// A deterministic sequence of commits: commit k (1-based) writes or deletes 1-3 services picked by k, every 7th also
/// the federation, and allocations that encode every live service's version, so a store holding any prefix of the
/// script can be compared with the model of that prefix field by field.
/// </summary>
public sealed class CrashScript
{
    private readonly SortedDictionary<(string Tenant, string Name), (string Yaml, long Version)> _services = new();
    private (string Yaml, long Version)? _federation;

    /// <summary>Commits applied to the model so far.</summary>
    public long Revision { get; private set; }

    /// <summary>Live services: (tenant, name) → (yaml, version).</summary>
    public IReadOnlyDictionary<(string Tenant, string Name), (string Yaml, long Version)> Services => _services;

    /// <summary>The federation's yaml and version, or null.</summary>
    public (string Yaml, long Version)? Federation => _federation;

    /// <summary>The allocations after the commits so far.</summary>
    public Allocations Allocations { get; private set; } = Allocations.Empty;

    /// <summary>The next commit of the script (k = <see cref="Revision"/> + 1), applied to the model.</summary>
    public StoreCommit Next()
    {
        var k = Revision + 1;
        var rng = new Random(unchecked((int)k * 7919));
        var writes = new List<ServiceWrite>();
        var picked = new HashSet<(string, string)>();
        for (var i = rng.Next(1, 4); i > 0; i--)
        {
            var key = ($"t{rng.Next(4)}", $"svc{rng.Next(6)}");
            if (!picked.Add(key))
                continue;
            _services.TryGetValue(key, out var current);
            // Padding of up to 6 KB makes commits span several pages, so a torn write would be visible.
            var yaml = rng.Next(6) == 0 ? null : $"# commit {k}\ntenant: {key.Item1}\nservice: {key.Item2}\n#{new string('x', rng.Next(6000))}\n";
            // Expected versions exercise the checks; the writer is alone, so they always hold.
            writes.Add(new ServiceWrite(key.Item1, key.Item2, yaml, current.Version));
            if (yaml is null)
                _services.Remove(key);
            else
                _services[key] = (yaml, current.Version + 1);
        }
        FederationWrite? federation = null;
        if (k % 7 == 1)
        {
            var yaml = $"# federation at commit {k}\nname: crash\n";
            federation = new FederationWrite("crash", yaml, _federation?.Version ?? 0);
            _federation = (yaml, (_federation?.Version ?? 0) + 1);
        }
        Allocations = Allocations.Empty with
        {
            NextNetworkId = (int)k + 1,
            NetworkIds = ValueMap<NetworkKey, int>.From(_services.Select(s =>
                KeyValuePair.Create(new NetworkKey(s.Key.Tenant, s.Key.Name, "n"), (int)s.Value.Version))),
            Macs = ValueMap<VifKey, ulong>.From(_services.Select(s =>
                KeyValuePair.Create(new VifKey(new VmKey(s.Key.Tenant, s.Key.Name, "vm"), 0), (ulong)s.Value.Yaml.Length))),
        };
        Revision = k;
        return new StoreCommit("crash-writer", $"commit {k}", federation, writes, Allocations);
    }

    /// <summary>The model after the first <paramref name="revision"/> commits.</summary>
    public static CrashScript After(long revision)
    {
        var script = new CrashScript();
        while (script.Revision < revision)
            script.Next();
        return script;
    }
}
