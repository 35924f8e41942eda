namespace FedNet.Cbench;

/// <summary>How the emulated switches load the controller (cbench's two modes).</summary>
public enum CbenchMode
{
    /// <summary>Every switch keeps its socket full of packet-ins; the figure is responses per second.</summary>
    Throughput,

    /// <summary>Every switch has one packet-in outstanding and sends the next when the previous one's packet-out arrives.</summary>
    Latency,
}
