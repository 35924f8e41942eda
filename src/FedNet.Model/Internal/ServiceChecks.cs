namespace FedNet.Model.Internal;

/// <summary>The services' rules, checked against the federation and against each other.</summary>
internal static class ServiceChecks
{
    public static void Run(Inventory inventory, IReadOnlyList<Service> services, List<DescriptionError> errors)
    {
    }
}
