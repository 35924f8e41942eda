namespace FedNet.OpenFlow.Connections;

public sealed partial class SwitchConnection
{
    private static bool IsMoreToCome(OfpMessage message) => false;
}
