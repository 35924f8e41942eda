namespace FedNet.Model;

/// <summary>Who answers ARP requests in a network (DESIGN.md, mechanism 5).</summary>
public enum ArpMode
{
    /// <summary><c>switch</c> (default): in-switch ARP responder flows.</summary>
    Switch,

    /// <summary><c>controller</c>: requests go to the controller, which answers with a packet-out.</summary>
    Controller,
}
