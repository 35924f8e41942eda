using FedNet.OpenFlow;

namespace FedNet.OpenFlow.Tests.Conformance;

/// <summary>Wire sizes computed through the public encoder (so the projection does not re-implement layouts).</summary>
internal static class OpenFlowCodecTestHooks
{
    /// <summary>Encoded length of one action: encode it inside a packet-out and measure the actions part.</summary>
    public static int ActionLength(OfpAction action) =>
        OpenFlowCodec.Encode(new PacketOut { Actions = [action] }).Length - 24;
}
