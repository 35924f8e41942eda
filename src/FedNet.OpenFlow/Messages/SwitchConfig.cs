using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>Fragment handling (<c>enum ofp_config_flags</c>, spec 1.3.5 A.3.2).</summary>
[Flags]
public enum OfpConfigFlags : ushort
{
    FragNormal = 0,
    FragDrop = 1,
    FragReasm = 2,
    FragMask = 3,
}

/// <summary>The body shared by get-config reply and set-config: <c>struct ofp_switch_config { ofp_header; uint16_t flags; uint16_t miss_send_len; }</c>.</summary>
public abstract record SwitchConfigMessage : OfpMessage
{
    private protected SwitchConfigMessage()
    {
    }

    /// <summary>OFPC_* fragment flags.</summary>
    public OfpConfigFlags Flags { get; init; }

    /// <summary>Bytes of a table-miss packet sent to the controller (0xffff = OFPCML_NO_BUFFER, the whole packet).</summary>
    public ushort MissSendLength { get; init; } = 128;

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U16((ushort)Flags);
        writer.U16(MissSendLength);
    }

    internal static (OfpConfigFlags Flags, ushort MissSendLength) DecodeFields(ref OfpReader r)
    {
        var flags = (OfpConfigFlags)r.U16();
        var miss = r.U16();
        r.ExpectEnd("switch config");
        return (flags, miss);
    }
}

/// <summary>OFPT_GET_CONFIG_REPLY (spec 1.3.5 A.3.2).</summary>
public sealed record GetConfigReply : SwitchConfigMessage
{
    public override OfpType Type => OfpType.GetConfigReply;

    internal static GetConfigReply Decode(ref OfpReader r)
    {
        var (flags, miss) = DecodeFields(ref r);
        return new GetConfigReply { Flags = flags, MissSendLength = miss };
    }
}

/// <summary>OFPT_SET_CONFIG (spec 1.3.5 A.3.2).</summary>
public sealed record SetConfig : SwitchConfigMessage
{
    public override OfpType Type => OfpType.SetConfig;

    internal static SetConfig Decode(ref OfpReader r)
    {
        var (flags, miss) = DecodeFields(ref r);
        return new SetConfig { Flags = flags, MissSendLength = miss };
    }
}
