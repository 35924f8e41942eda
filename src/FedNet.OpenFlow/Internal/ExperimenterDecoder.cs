namespace FedNet.OpenFlow.Internal;

/// <summary>Decodes OFPT_EXPERIMENTER bodies: known extensions to typed records, the rest opaque.</summary>
internal static class ExperimenterDecoder
{
    public static OfpMessage Decode(ref OfpReader r)
    {
        var experimenter = r.U32();
        var expType = r.U32();
        return new ExperimenterMessage { Experimenter = experimenter, ExpType = expType, Data = r.RestArray() };
    }
}
