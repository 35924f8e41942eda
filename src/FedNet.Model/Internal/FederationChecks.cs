namespace FedNet.Model.Internal;

/// <summary>The federation's own rules; returns the lookups the service rules need.</summary>
internal static class FederationChecks
{
    public static Inventory Run(Federation federation, List<DescriptionError> errors) => new(federation);
}
