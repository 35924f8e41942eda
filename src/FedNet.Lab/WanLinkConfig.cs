namespace FedNet.Lab;

/// <summary>
/// What one WAN forwarder does: it creates TAP devices <see cref="TapA"/> and <see cref="TapB"/> in its namespace and
/// shuttles frames between them, shaping each direction by <see cref="AToB"/> and <see cref="BToA"/>. It writes its PID
/// to <see cref="PidFile"/> once both TAPs exist (the lab waits for that file).
/// </summary>
public sealed record WanLinkConfig(string TapA, string TapB, string PidFile, WanDirection AToB, WanDirection BToA);

/// <summary>
/// The shaping of one direction: frames to an IPv4 destination listed in <see cref="ByDestination"/> get that path
/// (how one router leg carries several tunnel transits, each with its own delay); every other frame gets
/// <see cref="Default"/>.
/// </summary>
public sealed record WanDirection(LabWan Default, IReadOnlyDictionary<string, LabWan>? ByDestination = null);
