namespace FedNet.OpenFlow.Internal;

/// <summary>Decodes OFPT_EXPERIMENTER bodies: the ONF bundle extension to typed records, the rest opaque.</summary>
internal static class ExperimenterDecoder
{
    public static OfpMessage Decode(ref OfpReader r)
    {
        var experimenter = r.U32();
        var expType = r.U32();
        if (experimenter == OnfBundle.OnfExperimenterId)
        {
            if (expType == OnfBundle.ControlExpType)
                return BundleControl.Decode(ref r);
            if (expType == OnfBundle.AddExpType)
                return BundleAdd.Decode(ref r);
        }
        return new ExperimenterMessage { Experimenter = experimenter, ExpType = expType, Data = r.RestArray() };
    }
}
