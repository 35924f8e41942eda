using FedNet.Model.Internal;

namespace FedNet.Model;

/// <summary>
/// Checks a federation and the services placed on it together: references, duplicates, addresses, pools, VLANs and
/// reachability. Collects every error at once and never throws on any input.
/// </summary>
public static class Validator
{
    /// <summary>Validates <paramref name="federation"/> alone (no services).</summary>
    public static ValidationResult Validate(Federation federation) => Validate(federation, []);

    /// <summary>Validates <paramref name="federation"/> and every one of <paramref name="services"/> against it and each other.</summary>
    public static ValidationResult Validate(Federation federation, IReadOnlyList<Service> services)
    {
        ArgumentNullException.ThrowIfNull(federation);
        ArgumentNullException.ThrowIfNull(services);
        var errors = new List<DescriptionError>();
        var inventory = FederationChecks.Run(federation, errors);
        ServiceChecks.Run(inventory, services, errors);
        return new ValidationResult(errors);
    }
}
