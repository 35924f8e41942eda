namespace FedNet.Control;

/// <summary>How the controller talks to switches.</summary>
public sealed record ControllerOptions
{
    /// <summary>Default options.</summary>
    public static ControllerOptions Default { get; } = new();

    /// <summary>How long one switch (its OVSDB ensure, or one bridge's flows) may take before it is reported failed. Default 60 s.</summary>
    public TimeSpan SwitchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for ovs-vswitchd to apply an OVSDB change (so bridges and their sockets exist). Default 15 s.</summary>
    public TimeSpan VswitchdTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Send each switch's flow changes inside one atomic ONF bundle. Default true.</summary>
    public bool UseBundles { get; init; } = true;

    /// <summary>Answer ARP requests that flows send to the controller (networks with <c>arp: controller</c>). Default true.</summary>
    public bool ArpProxy { get; init; } = true;

    /// <summary>
    /// After applying a plan with tunnels, how long to let the tunnel warm-up frames resolve the underlay next hops
    /// (OVS's userspace tunnels drop packets until then). Default 300 ms.
    /// </summary>
    public TimeSpan TunnelWarmUp { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How a switch whose connection dropped or whose reconcile failed is retried. Default <see cref="ReconnectOptions.Default"/>.</summary>
    public ReconnectOptions Reconnect { get; init; } = ReconnectOptions.Default;

    /// <summary>Throws when an option is out of range.</summary>
    public ControllerOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Reconnect);
        Reconnect.Validate();
        if (SwitchTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(SwitchTimeout), SwitchTimeout, "must be positive");
        if (VswitchdTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(VswitchdTimeout), VswitchdTimeout, "must be positive");
        return this;
    }
}
