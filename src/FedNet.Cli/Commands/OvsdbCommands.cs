using System.CommandLine;
using FedNet.Ovsdb;

namespace FedNet.Cli.Commands;

/// <summary><c>fednet ovsdb ...</c>: look at and poke an OVSDB server through FedNet's own RFC 7047 client.</summary>
internal static class OvsdbCommands
{
    public static Command Create()
    {
        var command = new Command("ovsdb", "Inspect and debug Open vSwitch databases through FedNet's OVSDB (RFC 7047) client.");
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Transact());
        return command;
    }

    private static Argument<string> DbArgument() => new("DB") { Description = "The OVSDB remote: unix:PATH or tcp:HOST:PORT." };

    private static int ExitCode(OvsdbDebugOutcome outcome) => outcome switch
    {
        OvsdbDebugOutcome.Ok => ExitCodes.Ok,
        OvsdbDebugOutcome.OperationFailed => ExitCodes.CheckFailed,
        OvsdbDebugOutcome.BadInput => ExitCodes.DataError,
        OvsdbDebugOutcome.Unreachable => ExitCodes.Unavailable,
        _ => ExitCodes.Software,
    };

    private static Command Show()
    {
        var db = DbArgument();
        var show = new Command("show", "Print the switch configuration like `ovs-vsctl show`.") { db };
        show.SetAction(async (parse, ct) =>
            ExitCode(await OvsdbDebug.ShowAsync(parse.GetValue(db)!, Console.Out, Prefixed("show"), ct)));
        return show;
    }

    private static Command Transact()
    {
        var db = DbArgument();
        var json = new Argument<string>("JSON")
        {
            Description = "The transact params: [\"Open_vSwitch\", op, ...] (or just [op, ...] for Open_vSwitch), as in RFC 7047 4.1.3.",
        };
        var transact = new Command("transact", "Send one raw transact request and print the result (for debugging).") { db, json };
        transact.SetAction(async (parse, ct) =>
            ExitCode(await OvsdbDebug.TransactAsync(parse.GetValue(db)!, parse.GetValue(json)!, Console.Out, Prefixed("transact"), ct)));
        return transact;
    }

    private static StringPrefixWriter Prefixed(string verb) => new($"fednet ovsdb {verb}: ", Console.Error);

    /// <summary>Prefixes each error line with the command name.</summary>
    private sealed class StringPrefixWriter(string prefix, TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;
        public override void Write(char value) => inner.Write(value);
        public override void WriteLine(string? value) => inner.WriteLine(prefix + value);
        public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(prefix + value);
    }
}
