using System.Collections.Immutable;
using FedNet.Model;
using FedNet.Planning;

namespace FedNet.Api.Internal;

/// <summary>
/// What the federation-wide validation rules need of the stored services, kept beside the enforced plan so that one
/// changed service is validated without re-validating every stored one. Immutable; <see cref="With"/> and
/// <see cref="Without"/> return the index after a commit.
/// </summary>
/// <remarks>
/// The stored services are valid together (every commit was validated), so a changed service <c>x</c> can only add
/// errors through: its own rules (validating it alone finds them), a fixed MAC another service holds, a subnet that
/// overlaps one of its tenant's other services, and the pools and capacities shared by everyone (private VLANs per site,
/// tunnel keys, the MAC prefix, guaranteed rates over transits). <see cref="Validate"/> therefore validates <c>x</c>
/// with only the services it shares a MAC or an overlapping subnet with, in stored order, which gives exactly the
/// errors of the full validation as long as upper bounds of the shared pools' use stay within every limit (then no
/// pool error exists in either). When a bound is exceeded, or a VM's site cannot be resolved, it falls back to the
/// full validation: an apply near a limit costs what it did before, and the result is always the full one's.
/// </remarks>
internal sealed class ValidationIndex
{
    private readonly Federation _federation;
    private readonly ImmutableDictionary<string, string> _siteOfHost;
    private readonly ImmutableDictionary<ServiceKey, Footprint> _footprints;
    private readonly ImmutableDictionary<ulong, ServiceKey> _macs;
    private readonly ImmutableDictionary<string, ImmutableHashSet<ServiceKey>> _byTenant;
    private readonly ImmutableDictionary<string, long> _siteUses;
    private readonly long _tunnelCandidates;
    private readonly long _vifs;
    private readonly long _guaranteed;
    private readonly int _unresolved;

    private ValidationIndex(Federation federation, ImmutableDictionary<string, string> siteOfHost, ImmutableDictionary<ServiceKey, Footprint> footprints,
        ImmutableDictionary<ulong, ServiceKey> macs, ImmutableDictionary<string, ImmutableHashSet<ServiceKey>> byTenant,
        ImmutableDictionary<string, long> siteUses, long tunnelCandidates, long vifs, long guaranteed, int unresolved)
    {
        _federation = federation;
        _siteOfHost = siteOfHost;
        _footprints = footprints;
        _macs = macs;
        _byTenant = byTenant;
        _siteUses = siteUses;
        _tunnelCandidates = tunnelCandidates;
        _vifs = vifs;
        _guaranteed = guaranteed;
        _unresolved = unresolved;
    }

    /// <summary>How many validations fell back to the full one (a bound exceeded); tests and metrics read it.</summary>
    public static long Fallbacks => Interlocked.Read(ref s_fallbacks);

    private static long s_fallbacks;

    /// <summary>The index of <paramref name="services"/> (valid together) on <paramref name="federation"/>.</summary>
    public static ValidationIndex Build(Federation federation, IEnumerable<Service> services)
    {
        var siteOfHost = ImmutableDictionary.CreateRange(StringComparer.Ordinal,
            federation.Sites.SelectMany(s => s.Hosts.Select(h => KeyValuePair.Create(h.Name, s.Name))).DistinctBy(p => p.Key));
        var index = new ValidationIndex(federation, siteOfHost, ImmutableDictionary<ServiceKey, Footprint>.Empty,
            ImmutableDictionary<ulong, ServiceKey>.Empty, ImmutableDictionary.Create<string, ImmutableHashSet<ServiceKey>>(StringComparer.Ordinal),
            ImmutableDictionary.Create<string, long>(StringComparer.Ordinal), 0, 0, 0, 0);
        foreach (var s in services)
            index = index.With(s);
        return index;
    }

    /// <summary>The index after <paramref name="service"/> was stored (created or replaced).</summary>
    public ValidationIndex With(Service service)
    {
        var key = new ServiceKey(service.Tenant, service.Name);
        var index = _footprints.ContainsKey(key) ? Without(key) : this;
        var f = Footprint.Of(service, _siteOfHost);
        var macs = index._macs.SetItems(f.Macs.Select(m => KeyValuePair.Create(m, key)));
        var tenant = index._byTenant.GetValueOrDefault(service.Tenant, ImmutableHashSet<ServiceKey>.Empty).Add(key);
        var uses = index._siteUses.ToBuilder();
        foreach (var (site, n) in f.SiteUses)
            uses[site] = uses.GetValueOrDefault(site) + n;
        return new ValidationIndex(_federation, _siteOfHost, index._footprints.SetItem(key, f), macs, index._byTenant.SetItem(service.Tenant, tenant),
            uses.ToImmutable(), index._tunnelCandidates + f.TunnelCandidates, index._vifs + f.Vifs, index._guaranteed + f.Guaranteed,
            index._unresolved + (f.Unresolved ? 1 : 0));
    }

    /// <summary>The index after the service <paramref name="key"/> was deleted.</summary>
    public ValidationIndex Without(ServiceKey key)
    {
        if (!_footprints.TryGetValue(key, out var f))
            return this;
        var macs = _macs.RemoveRange(f.Macs.Where(m => _macs.TryGetValue(m, out var owner) && owner == key));
        var tenant = _byTenant.GetValueOrDefault(key.Tenant, ImmutableHashSet<ServiceKey>.Empty).Remove(key);
        var uses = _siteUses.ToBuilder();
        foreach (var (site, n) in f.SiteUses)
            uses[site] = uses.GetValueOrDefault(site) - n;
        return new ValidationIndex(_federation, _siteOfHost, _footprints.Remove(key), macs,
            tenant.IsEmpty ? _byTenant.Remove(key.Tenant) : _byTenant.SetItem(key.Tenant, tenant), uses.ToImmutable(),
            _tunnelCandidates - f.TunnelCandidates, _vifs - f.Vifs, _guaranteed - f.Guaranteed, _unresolved - (f.Unresolved ? 1 : 0));
    }

    /// <summary>
    /// Exactly <c>Validator.Validate(federation, [..stored services other than x, x])</c>, where <paramref name="stored"/>
    /// lists the stored services in the order the full validation would take them.
    /// </summary>
    public ValidationResult Validate(Service service, IEnumerable<Service> stored)
    {
        var key = new ServiceKey(service.Tenant, service.Name);
        var f = Footprint.Of(service, _siteOfHost);
        if (!WithinLimits(key, f))
        {
            Interlocked.Increment(ref s_fallbacks);
            return Validator.Validate(_federation, [.. stored.Where(s => new ServiceKey(s.Tenant, s.Name) != key), service]);
        }
        var related = new HashSet<ServiceKey>();
        foreach (var m in f.Macs)
        {
            if (_macs.TryGetValue(m, out var owner) && owner != key)
                related.Add(owner);
        }
        foreach (var other in _byTenant.GetValueOrDefault(service.Tenant, ImmutableHashSet<ServiceKey>.Empty))
        {
            if (other != key && _footprints[other].Cidrs.Any(c => f.Cidrs.Any(c.Overlaps)))
                related.Add(other);
        }
        if (related.Count == 0)
            return Validator.Validate(_federation, [service]);
        return Validator.Validate(_federation, [.. stored.Where(s => related.Contains(new ServiceKey(s.Tenant, s.Name))), service]);
    }

    /// <summary>
    /// True when upper bounds of the shared pools' use, with <paramref name="f"/> in place of <paramref name="key"/>'s stored
    /// footprint, are within every limit, so that no pool or capacity error can arise.
    /// </summary>
    private bool WithinLimits(ServiceKey key, Footprint f)
    {
        var old = _footprints.GetValueOrDefault(key);
        if (f.Unresolved || _unresolved - (old?.Unresolved == true ? 1 : 0) > 0)
            return false;
        foreach (var site in _federation.Sites)
        {
            var uses = _siteUses.GetValueOrDefault(site.Name) - (old?.SiteUses.GetValueOrDefault(site.Name) ?? 0) + f.SiteUses.GetValueOrDefault(site.Name);
            if (uses > site.PrivateVlans.Count)
                return false;
        }
        if (_tunnelCandidates - (old?.TunnelCandidates ?? 0) + f.TunnelCandidates > _federation.TunnelKeyRange.Count)
            return false;
        var capacity = _federation.MacPrefix.Capacity;
        if (capacity > 0 && (ulong)(_vifs - (old?.Vifs ?? 0) + f.Vifs) > capacity)
            return false;
        var guaranteed = _guaranteed - (old?.Guaranteed ?? 0) + f.Guaranteed;
        return guaranteed == 0 || _federation.Transits.All(t => t.Wan?.RateBitsPerSecond is not { } rate || guaranteed <= rate);
    }

    /// <summary>
    /// One service's share of the federation-wide rules, each an upper bound of what the validator counts: network uses
    /// per site (a network with VMs there), networks in two or more sites (the only ones that can cross a tunnel),
    /// interfaces, guaranteed rates; its fixed MACs and its subnets.
    /// </summary>
    private sealed record Footprint(
        ImmutableArray<ulong> Macs,
        ImmutableArray<Ipv4Cidr> Cidrs,
        ImmutableDictionary<string, long> SiteUses,
        long TunnelCandidates,
        long Vifs,
        long Guaranteed,
        bool Unresolved)
    {
        public static Footprint Of(Service service, IReadOnlyDictionary<string, string> siteOfHost)
        {
            var unresolved = false;
            var sitesOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            long vifs = 0;
            var macs = ImmutableArray.CreateBuilder<ulong>();
            foreach (var vm in service.Vms)
            {
                var site = vm.Host is { } h ? siteOfHost.GetValueOrDefault(h) : vm.Site;
                if (site is null)
                    unresolved = true;
                foreach (var vif in vm.Interfaces)
                {
                    vifs++;
                    if (vif.Mac is { } mac)
                        macs.Add(mac.Value);
                    if (site is not null && vif.Network is not null)
                    {
                        if (!sitesOf.TryGetValue(vif.Network, out var set))
                            sitesOf[vif.Network] = set = new HashSet<string>(StringComparer.Ordinal);
                        set.Add(site);
                    }
                }
            }
            var uses = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var sites in sitesOf.Values)
            {
                foreach (var site in sites)
                    uses[site] = uses.GetValueOrDefault(site) + 1;
            }
            // Rates beyond 2^52 b/s could overflow the sums: leave those to the full validation.
            var rates = service.Policies.Where(p => p.Guaranteed is > 0).Select(p => p.Guaranteed!.Value).ToList();
            unresolved |= rates.Any(r => r > 1L << 52);
            var guaranteed = unresolved ? 0 : rates.Sum();
            return new Footprint(macs.ToImmutable(), [.. service.Networks.Select(n => n.Cidr)], uses.ToImmutableDictionary(StringComparer.Ordinal),
                sitesOf.Values.Count(s => s.Count >= 2), vifs, guaranteed, unresolved);
        }
    }
}
