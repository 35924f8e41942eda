using System.CommandLine;
using FedNet.Cli.Commands;

namespace FedNet.Cli;

/// <summary>The <c>fednet</c> command: one subcommand per concern, each defined in <c>Commands/</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("FedNet: private virtual networks across a federation of clouds.")
        {
            OpenFlowCommands.Create(),
            ValidateCommand.Create(),
            PlanCommand.Create(),
            LabCommands.Create(),
            OvsdbCommands.Create(),
            ServeCommand.Create(),
            TraceCommand.Create(),
            DemoCommand.Create(),
            LoginCommand.Create(),
            ApplyCommand.Create(),
            GetCommand.Create(),
            DescribeCommand.Create(),
            DeleteCommand.Create(),
            TokenCommands.Create(),
            BenchCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
