namespace FedNet.Model.Internal;

/// <summary>
/// A policy is either for a network across one transit (<c>network</c> + <c>transit</c>, optionally the public
/// <c>vlan</c> on a VPLS) or for the whole path between two VMs (<c>between</c>); it sets a rate, a guarantee or both.
/// </summary>
internal static class PolicyChecks
{
    public static void Check(Inventory inventory, Policy policy, Dictionary<string, NetworkUse> networks, Dictionary<string, Vm> vms,
        List<DescriptionError> errors)
    {
        Checks.Name(errors, policy.Name, "policy", Checks.At(policy, "name", policy.Location));
        CheckRates(policy, errors);
        if (policy.Network is not null && policy.Between is not null)
        {
            errors.Add(new(policy.Location,
                $"policy '{policy.Name}' sets both 'network' and 'between'; a policy is either for a network across a transit or between two VMs"));
        }
        else if (policy.Network is not null)
        {
            CheckNetworkPolicy(inventory, policy, networks, errors);
        }
        else if (policy.Between is not null)
        {
            CheckPairPolicy(policy, vms, errors);
        }
        else
        {
            errors.Add(new(policy.Location,
                $"policy '{policy.Name}' must say what it applies to: 'network' and 'transit', or 'between' and two VMs"));
        }
    }

    /// <summary>
    /// Guarantees are promises: all the guaranteed rates that cross one transit must fit in its WAN rate (when the
    /// federation states one). Reported at the policy that tips the sum over.
    /// </summary>
    public static void CheckGuaranteesFit(Inventory inventory, IEnumerable<Service> services, List<DescriptionError> errors)
    {
        var sums = new Dictionary<Transit, long>(ReferenceEqualityComparer.Instance);
        foreach (var service in services)
        {
            var vms = new Dictionary<string, Vm>(StringComparer.Ordinal);
            foreach (var vm in Checks.Each(service.Vms).Where(v => v.Name is not null))
            {
                vms.TryAdd(vm.Name, vm);
            }
            foreach (var policy in Checks.Each(service.Policies))
            {
                if (policy.Guaranteed is not > 0 || (policy.Network is null) == (policy.Between is null))
                {
                    continue;
                }
                IEnumerable<Transit> crossed = [];
                if (policy.Network is not null && policy.Transit is not null && inventory.Transits.TryGetValue(policy.Transit, out var transit))
                {
                    crossed = [transit];
                }
                else if (Checks.Each(policy.Between).ToList() is [var a, var b] && vms.TryGetValue(a, out var vmA) && vms.TryGetValue(b, out var vmB)
                    && inventory.SiteOf(vmA) is { } siteA && inventory.SiteOf(vmB) is { } siteB)
                {
                    crossed = inventory.Path(siteA, siteB) ?? [];
                }
                foreach (var t in crossed)
                {
                    var sum = sums.GetValueOrDefault(t) + policy.Guaranteed.Value;
                    sums[t] = sum;
                    if (t.Wan?.RateBitsPerSecond is { } capacity && sum > capacity && sum - policy.Guaranteed.Value <= capacity)
                    {
                        errors.Add(new(Checks.At(policy, "guaranteed", policy.Location),
                            $"with policy '{policy.Name}' of service '{service.Tenant}/{service.Name}', the guaranteed rates across transit '{t.Name}' add up to {Rate(sum)}, more than its WAN rate of {Rate(capacity)}"));
                    }
                }
            }
        }
    }

    private static void CheckRates(Policy policy, List<DescriptionError> errors)
    {
        if (policy.Rate is null && policy.Guaranteed is null)
        {
            errors.Add(new(policy.Location, $"policy '{policy.Name}' sets neither 'rate' nor 'guaranteed'; give it at least one"));
        }
        if (policy.Rate is <= 0)
        {
            errors.Add(new(Checks.At(policy, "rate", policy.Location), $"the rate of policy '{policy.Name}' must be positive"));
        }
        if (policy.Guaranteed is <= 0)
        {
            errors.Add(new(Checks.At(policy, "guaranteed", policy.Location), $"the guaranteed rate of policy '{policy.Name}' must be positive"));
        }
        if (policy.Rate is { } rate && policy.Guaranteed is { } guaranteed && guaranteed > rate)
        {
            errors.Add(new(Checks.At(policy, "guaranteed", policy.Location),
                $"policy '{policy.Name}' guarantees {Rate(guaranteed)}, more than its rate limit of {Rate(rate)}"));
        }
    }

    private static void CheckNetworkPolicy(Inventory inventory, Policy policy, Dictionary<string, NetworkUse> networks, List<DescriptionError> errors)
    {
        var networkAt = Checks.At(policy, "network", policy.Location);
        var transitAt = Checks.At(policy, "transit", policy.Location);
        var vlanAt = Checks.At(policy, "vlan", policy.Location);
        networks.TryGetValue(policy.Network!, out var use);
        if (use is null)
        {
            errors.Add(new(networkAt, $"policy '{policy.Name}' names network '{policy.Network}', which the service does not define{Checks.Known("networks", networks.Keys)}"));
        }
        if (policy.Transit is null)
        {
            // A whole-network policy: it limits what each vif of the network sends, wherever it goes.
            if (policy.Vlan is not null)
            {
                errors.Add(new(vlanAt, $"policy '{policy.Name}' names a VLAN but no 'transit': a public VLAN belongs to a VPLS transit"));
            }
            return;
        }
        if (!inventory.Transits.TryGetValue(policy.Transit, out var transit))
        {
            errors.Add(new(transitAt, $"policy '{policy.Name}' names transit '{policy.Transit}', which is not defined{Checks.Known("transits", inventory.Transits.Keys)}"));
            return;
        }
        if (use is not null && !use.Transits.Contains(transit))
        {
            var sites = use.Sites.Count == 0 ? "no site" : "site " + string.Join(", ", use.Sites.Select(s => $"'{s}'"));
            errors.Add(new(transitAt,
                $"policy '{policy.Name}': network '{policy.Network}' does not cross transit '{transit.Name}' (its VMs are in {sites})"));
        }
        if (policy.Vlan is not { } vlan)
        {
            return;
        }
        if (transit.Kind != TransitKind.Vpls)
        {
            errors.Add(new(vlanAt, $"policy '{policy.Name}' names VLAN {vlan}, but transit '{transit.Name}' is a tunnel; 'vlan' applies only to a VPLS transit"));
        }
        else if (vlan is < 1 or > FederationChecks.MaxVlan)
        {
            errors.Add(new(vlanAt, $"policy '{policy.Name}' names VLAN {vlan}, outside 1-{FederationChecks.MaxVlan}"));
        }
        else if (!Checks.EachValue(transit.PublicVlans).Contains(vlan))
        {
            errors.Add(new(vlanAt,
                $"policy '{policy.Name}' names VLAN {vlan}, which transit '{transit.Name}' does not pass; it passes only {string.Join(", ", Checks.EachValue(transit.PublicVlans))}"));
        }
    }

    private static void CheckPairPolicy(Policy policy, Dictionary<string, Vm> vms, List<DescriptionError> errors)
    {
        var at = Checks.At(policy, "between", policy.Location);
        if (policy.Transit is not null)
        {
            errors.Add(new(Checks.At(policy, "transit", policy.Location),
                $"policy '{policy.Name}' is between two VMs and covers their whole path; 'transit' applies only to a network policy"));
        }
        if (policy.Vlan is not null)
        {
            errors.Add(new(Checks.At(policy, "vlan", policy.Location),
                $"policy '{policy.Name}' is between two VMs; 'vlan' applies only to a network policy over a VPLS transit"));
        }
        var names = Checks.Each(policy.Between).ToList();
        if (names.Count != 2)
        {
            errors.Add(new(at, $"policy '{policy.Name}' must name exactly two VMs in 'between', not {names.Count}"));
            return;
        }
        if (names[0] == names[1])
        {
            errors.Add(new(at, $"policy '{policy.Name}' names VM '{names[0]}' twice; name two different VMs"));
            return;
        }
        var found = new List<Vm>();
        foreach (var name in names)
        {
            if (vms.TryGetValue(name, out var vm))
            {
                found.Add(vm);
            }
            else
            {
                errors.Add(new(at, $"policy '{policy.Name}' names VM '{name}', which the service does not define{Checks.Known("VMs", vms.Keys)}"));
            }
        }
        if (found.Count == 2)
        {
            var shared = Checks.Each(found[0].Interfaces).Select(i => i.Network)
                .Intersect(Checks.Each(found[1].Interfaces).Select(i => i.Network), StringComparer.Ordinal);
            if (!shared.Any())
            {
                errors.Add(new(at, $"policy '{policy.Name}': VMs '{names[0]}' and '{names[1]}' share no network, so there is no path to apply it to"));
            }
        }
    }

    /// <summary>A rate the way descriptions write it (80mbit).</summary>
    public static string Rate(long bits) => bits switch
    {
        >= 1_000_000_000 when bits % 1_000_000_000 == 0 => $"{bits / 1_000_000_000}gbit",
        >= 1_000_000 when bits % 1_000_000 == 0 => $"{bits / 1_000_000}mbit",
        >= 1_000 when bits % 1_000 == 0 => $"{bits / 1_000}kbit",
        _ => $"{bits}bit",
    };
}
