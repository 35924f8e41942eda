using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>Controller roles (<c>enum ofp_controller_role</c>, spec 1.3.5 A.3.9).</summary>
public enum OfpControllerRole : uint
{
    NoChange = 0,
    Equal = 1,
    Master = 2,
    Slave = 3,
}

/// <summary>
/// Body of role request and reply: <c>struct ofp_role_request { ofp_header; uint32_t role; uint8_t pad[4];
/// uint64_t generation_id; }</c> (spec 1.3.5 A.3.9).
/// </summary>
public abstract record RoleMessage : OfpMessage
{
    private protected RoleMessage()
    {
    }

    /// <summary>The requested or current role.</summary>
    public OfpControllerRole Role { get; init; }

    /// <summary>Master election generation id (ignored for equal/no-change).</summary>
    public ulong GenerationId { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U32((uint)Role);
        writer.Zeros(4);
        writer.U64(GenerationId);
    }

    internal static (OfpControllerRole Role, ulong GenerationId) DecodeFields(ref OfpReader r)
    {
        var role = (OfpControllerRole)r.U32();
        r.Pad(4);
        var generation = r.U64();
        r.ExpectEnd("role message");
        return (role, generation);
    }
}

/// <summary>OFPT_ROLE_REQUEST (spec 1.3.5 A.3.9).</summary>
public sealed record RoleRequest : RoleMessage
{
    public override OfpType Type => OfpType.RoleRequest;

    internal static RoleRequest Decode(ref OfpReader r)
    {
        var (role, generation) = DecodeFields(ref r);
        return new RoleRequest { Role = role, GenerationId = generation };
    }
}

/// <summary>OFPT_ROLE_REPLY (spec 1.3.5 A.3.9).</summary>
public sealed record RoleReply : RoleMessage
{
    public override OfpType Type => OfpType.RoleReply;

    internal static RoleReply Decode(ref OfpReader r)
    {
        var (role, generation) = DecodeFields(ref r);
        return new RoleReply { Role = role, GenerationId = generation };
    }
}
