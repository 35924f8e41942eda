using FedNet.Model;

namespace FedNet.Planning.Drivers;

/// <summary>
/// The driver of every node: hosts by their <see cref="HostDriver"/>, gateways by their role. Drivers hold no state
/// (what they keep lives in the <see cref="ControlContext"/> and <see cref="NetworkElement"/>), so one set serves every
/// plan; tests substitute their own to watch the primitive calls.
/// </summary>
internal sealed record ControlDrivers(IControlDriver Ovs, IControlDriver BridgePerNetwork, IControlDriver Gateway)
{
    public static ControlDrivers Default { get; } = new(new OvsDriver(), new BridgePerNetworkDriver(), new GatewayDriver());

    public IControlDriver For(HostDriver driver) => driver == HostDriver.Ovs ? Ovs : BridgePerNetwork;
}
