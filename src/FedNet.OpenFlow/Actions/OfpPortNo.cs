namespace FedNet.OpenFlow;

/// <summary>Reserved port numbers (<c>enum ofp_port_no</c>, spec 1.3.5 A.2.1).</summary>
public static class OfpPortNo
{
    /// <summary>Highest number of a physical or logical port.</summary>
    public const uint Max = 0xffffff00;
    public const uint InPort = 0xfffffff8;
    public const uint Table = 0xfffffff9;
    public const uint Normal = 0xfffffffa;
    public const uint Flood = 0xfffffffb;
    public const uint All = 0xfffffffc;
    public const uint Controller = 0xfffffffd;
    public const uint Local = 0xfffffffe;
    /// <summary>OFPP_ANY: wildcard in requests (out_port of a flow-mod delete, stats).</summary>
    public const uint Any = 0xffffffff;
}
