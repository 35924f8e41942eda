using FedNet.Model.Internal;

namespace FedNet.Model;

/// <summary>
/// Checks a federation and the services placed on it together: references, duplicates, addresses, pools, VLANs and
/// reachability. Collects every error at once and never throws on any input.
/// </summary>
public static class Validator
{
    /// <summary>How an error that stems from a validator bug (not from the description) starts; tests look for it.</summary>
    public const string InternalErrorPrefix = "the validator could not check this description:";

    /// <summary>Validates <paramref name="federation"/> alone (no services).</summary>
    public static ValidationResult Validate(Federation federation) => Validate(federation, []);

    /// <summary>Validates <paramref name="federation"/> and every one of <paramref name="services"/> against it and each other.</summary>
    public static ValidationResult Validate(Federation federation, IReadOnlyList<Service> services)
    {
        ArgumentNullException.ThrowIfNull(federation);
        ArgumentNullException.ThrowIfNull(services);
        var errors = new List<DescriptionError>();
        try
        {
            var inventory = FederationChecks.Run(federation, errors);
            ServiceChecks.Run(inventory, services, errors);
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentException or InvalidOperationException or IndexOutOfRangeException
            or OverflowException or KeyNotFoundException)
        {
            // Records built in code can hold nulls the types do not admit; report rather than crash the caller.
            errors.Add(new DescriptionError(federation.Location, $"{InternalErrorPrefix} {e.GetType().Name}: {e.Message}"));
        }
        return new ValidationResult(errors);
    }
}
