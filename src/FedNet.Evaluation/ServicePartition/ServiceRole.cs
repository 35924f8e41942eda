namespace FedNet.Evaluation.ServicePartition;

/// <summary>The components of the paper's figure 1 (the VMs of examples/elearning.yaml).</summary>
public enum ServiceRole
{
    /// <summary>The web portal users talk to; it fans each interaction out to the others.</summary>
    Portal,

    /// <summary>The authentication server: issues, checks and closes sessions.</summary>
    Auth,

    /// <summary>The user database (credentials and profiles), kept at the home university.</summary>
    SchoolDb,

    /// <summary>The application server: posts and the learning content it mashes up.</summary>
    AppServer,

    /// <summary>The backend database of learning objects behind the application server.</summary>
    BackendDb,
}

/// <summary>The roles' names as the service description and the command line spell them.</summary>
public static class ServiceRoles
{
    /// <summary>Every role, in the order figure 1 lists them.</summary>
    public static IReadOnlyList<ServiceRole> All { get; } =
        [ServiceRole.Portal, ServiceRole.Auth, ServiceRole.SchoolDb, ServiceRole.AppServer, ServiceRole.BackendDb];

    /// <summary>The VM name (portal, auth, school-db, app-server, backend-db).</summary>
    public static string Name(ServiceRole role) => role switch
    {
        ServiceRole.Portal => "portal",
        ServiceRole.Auth => "auth",
        ServiceRole.SchoolDb => "school-db",
        ServiceRole.AppServer => "app-server",
        ServiceRole.BackendDb => "backend-db",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The role named <paramref name="name"/>; an <see cref="ArgumentException"/> lists the known names.</summary>
    public static ServiceRole Parse(string name)
    {
        foreach (var r in All)
        {
            if (Name(r) == name)
                return r;
        }
        throw new ArgumentException($"unknown role '{name}'; known: {string.Join(", ", All.Select(Name))}");
    }
}
