namespace FedNet.Store;

/// <summary>
/// An optimistic version check failed; nothing of the commit was written. <see cref="Tenant"/> is null for the
/// federation. <see cref="Actual"/> is 0 when the resource does not exist.
/// </summary>
public sealed class StoreConflictException : FedNetException
{
    public StoreConflictException(string? tenant, string name, long expected, long actual)
        : base(Describe(tenant, name, expected, actual))
    {
        Tenant = tenant;
        Name = name;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The service's tenant, or null when the conflict is on the federation.</summary>
    public string? Tenant { get; }

    /// <summary>The service or federation name.</summary>
    public string Name { get; }

    /// <summary>The version the commit expected (0 = must not exist).</summary>
    public long Expected { get; }

    /// <summary>The version actually stored (0 = does not exist).</summary>
    public long Actual { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;

    private static string Describe(string? tenant, string name, long expected, long actual)
    {
        var what = tenant is null ? $"federation '{name}'" : $"service '{tenant}/{name}'";
        var wanted = expected == 0 ? "not to exist" : $"to be at version {expected}";
        var found = actual == 0 ? "it does not exist" : $"it is at version {actual}";
        return $"Conflict: expected {what} {wanted}, but {found}.";
    }
}
