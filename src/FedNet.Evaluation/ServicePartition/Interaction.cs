namespace FedNet.Evaluation.ServicePartition;

/// <summary>The six interactions of the paper's Table 1, in the order a session issues them.</summary>
public enum Interaction
{
    /// <summary>Login and display the bootstrap page: portal ↔ school-db (credentials), auth issues the session.</summary>
    Login,

    /// <summary>Authentication: the portal has auth check the session.</summary>
    LoginCheck,

    /// <summary>User profile: school-db ↔ portal ↔ app server (the profile travels with the post).</summary>
    ComPost,

    /// <summary>Get content: portal ↔ app server, which reads the learning objects from the backend db.</summary>
    ComDb,

    /// <summary>Logout: the portal has auth close the session.</summary>
    Logout,

    /// <summary>Close session: the portal confirms with auth that the session is gone.</summary>
    LogoutCheck,
}

/// <summary>Table 1's identifiers and how a client issues each interaction to the portal.</summary>
public static class Interactions
{
    /// <summary>Every interaction, in session order.</summary>
    public static IReadOnlyList<Interaction> All { get; } =
        [Interaction.Login, Interaction.LoginCheck, Interaction.ComPost, Interaction.ComDb, Interaction.Logout, Interaction.LogoutCheck];

    /// <summary>Table 1's identifier (login, login-check, com-post, com-db, logout, logout-check); also the portal's path.</summary>
    public static string Id(Interaction interaction) => interaction switch
    {
        Interaction.Login => "login",
        Interaction.LoginCheck => "login-check",
        Interaction.ComPost => "com-post",
        Interaction.ComDb => "com-db",
        Interaction.Logout => "logout",
        Interaction.LogoutCheck => "logout-check",
        _ => throw new ArgumentOutOfRangeException(nameof(interaction), interaction, null),
    };

    /// <summary>The components the portal calls for <paramref name="interaction"/>, and those they call in turn, as (caller, callee).</summary>
    public static IReadOnlyList<(ServiceRole Caller, ServiceRole Callee)> Calls(Interaction interaction) => interaction switch
    {
        Interaction.Login => [(ServiceRole.Portal, ServiceRole.SchoolDb), (ServiceRole.Portal, ServiceRole.Auth)],
        Interaction.LoginCheck => [(ServiceRole.Portal, ServiceRole.Auth)],
        Interaction.ComPost => [(ServiceRole.Portal, ServiceRole.SchoolDb), (ServiceRole.Portal, ServiceRole.AppServer)],
        Interaction.ComDb => [(ServiceRole.Portal, ServiceRole.AppServer), (ServiceRole.AppServer, ServiceRole.BackendDb)],
        Interaction.Logout => [(ServiceRole.Portal, ServiceRole.Auth)],
        Interaction.LogoutCheck => [(ServiceRole.Portal, ServiceRole.Auth)],
        _ => throw new ArgumentOutOfRangeException(nameof(interaction), interaction, null),
    };

    /// <summary>Whether the portal takes the interaction as a POST (login, com-post, logout) or a GET.</summary>
    public static bool IsPost(Interaction interaction) => interaction is Interaction.Login or Interaction.ComPost or Interaction.Logout;
}
