namespace FedNet.OpenFlow.Internal;

/// <summary>The one padding rule of OpenFlow 1.3: OXM matches, actions, instructions and properties end on 8 bytes.</summary>
internal static class Align
{
    /// <summary>Rounds <paramref name="length"/> up to a multiple of 8.</summary>
    public static int Align8(int length) => (length + 7) & ~7;

    /// <summary>Bytes of padding after a structure of <paramref name="length"/> bytes.</summary>
    public static int PaddingTo8(int length) => Align8(length) - length;
}
