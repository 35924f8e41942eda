using System.CommandLine;

namespace FedNet.Cli.Commands;

/// <summary><c>fednet openflow ...</c>: look at OpenFlow messages and switches through FedNet's own library.</summary>
internal static class OpenFlowCommands
{
    public static Command Create()
    {
        var command = new Command("openflow", "Decode OpenFlow 1.3 messages and inspect switches through FedNet's OpenFlow library.");
        return command;
    }
}
