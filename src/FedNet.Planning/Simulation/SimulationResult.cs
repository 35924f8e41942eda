namespace FedNet.Planning.Simulation;

/// <summary>Where a frame ended up.</summary>
/// <param name="Delivered">Frames handed to vifs (the vif, the frame as it arrived).</param>
/// <param name="TransitCrossings">Frames that crossed a transit (transit name, frame on the wire).</param>
/// <param name="PacketIns">Frames sent to the controller (switch, frame).</param>
/// <param name="Loops">True if the walk hit the hop limit (a forwarding loop).</param>
public sealed record SimulationResult(
    IReadOnlyList<(VifKey Vif, Frame Frame)> Delivered,
    IReadOnlyList<(string Transit, Frame Frame)> TransitCrossings,
    IReadOnlyList<(State.SwitchId Switch, Frame Frame)> PacketIns,
    bool Loops);
