using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>Action types (<c>enum ofp_action_type</c>, spec 1.3.5 A.2.5).</summary>
public enum OfpActionType : ushort
{
    Output = 0,
    CopyTtlOut = 11,
    CopyTtlIn = 12,
    SetMplsTtl = 15,
    DecMplsTtl = 16,
    PushVlan = 17,
    PopVlan = 18,
    PushMpls = 19,
    PopMpls = 20,
    SetQueue = 21,
    Group = 22,
    SetNwTtl = 23,
    DecNwTtl = 24,
    SetField = 25,
    PushPbb = 26,
    PopPbb = 27,
    Experimenter = 0xffff,
}

/// <summary>
/// One action (spec 1.3.5 A.2.5: <c>struct ofp_action_header { uint16_t type; uint16_t len; ... }</c>, len a multiple
/// of 8). Build them with <see cref="Actions"/> and <see cref="NiciraActions"/>; unknown ones decode to
/// <see cref="ExperimenterAction"/> or <see cref="UnknownAction"/> and re-encode byte for byte.
/// </summary>
public abstract record OfpAction
{
    private protected OfpAction()
    {
    }

    /// <summary>The <c>type</c> on the wire.</summary>
    public abstract OfpActionType ActionType { get; }

    /// <summary>Writes the action including its type/len header.</summary>
    internal abstract void Encode(OfpWriter w);

    /// <summary>Writes type and a placeholder length; returns the start for <see cref="End"/>.</summary>
    private protected static int Begin(OfpWriter w, ushort type)
    {
        var start = w.Position;
        w.U16(type);
        w.U16(0);
        return start;
    }

    /// <summary>Pads to 8 and back-patches the length.</summary>
    private protected static void End(OfpWriter w, int start)
    {
        w.PadTo8(start);
        w.PatchU16(start + 2, w.Position - start);
    }
}
