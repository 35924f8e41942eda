using System.CommandLine;
using System.Text.Json;
using FedNet.Ovsdb;
using FedNet.Ovsdb.Replica;

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

    private static Command Show()
    {
        var db = DbArgument();
        var show = new Command("show", "Print the switch configuration like `ovs-vsctl show`.") { db };
        show.SetAction(async (parse, ct) =>
        {
            try
            {
                await using var client = await OvsdbClient.ConnectAsync(parse.GetValue(db)!, new OvsdbClientOptions { Reconnect = false },
                    cancellationToken: ct);
                await using var replica = await OvsdbReplica.StartAsync(client, cancellationToken: ct);
                Console.Out.Write(OvsdbShow.Render(replica.Snapshot));
                return ExitCodes.Ok;
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"fednet ovsdb show: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (OvsdbException e)
            {
                Console.Error.WriteLine($"fednet ovsdb show: {e.Message}");
                return e.Error == OvsdbException.ConnectionLost ? ExitCodes.Unavailable : ExitCodes.Software;
            }
        });
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
        {
            JsonElement ops;
            try
            {
                ops = JsonDocument.Parse(parse.GetValue(json)!).RootElement;
            }
            catch (JsonException e)
            {
                Console.Error.WriteLine($"fednet ovsdb transact: JSON:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: {e.Message}");
                return ExitCodes.DataError;
            }
            if (ops.ValueKind != JsonValueKind.Array)
            {
                Console.Error.WriteLine("fednet ovsdb transact: JSON:1:1: expected an array of operations");
                return ExitCodes.DataError;
            }
            var database = "Open_vSwitch";
            var list = ops.EnumerateArray().ToList();
            if (list.Count > 0 && list[0].ValueKind == JsonValueKind.String)
            {
                database = list[0].GetString()!;
                list.RemoveAt(0);
            }
            var body = JsonSerializer.SerializeToElement(list, CliJsonContext.Default.ListJsonElement);
            try
            {
                await using var client = await OvsdbClient.ConnectAsync(parse.GetValue(db)!, new OvsdbClientOptions { Reconnect = false },
                    cancellationToken: ct);
                var result = await client.TransactRawAsync(database, body, ct);
                Console.Out.WriteLine(JsonSerializer.Serialize(result, CliJsonContext.Default.JsonElement));
                var failed = result.ValueKind == JsonValueKind.Array && result.EnumerateArray()
                    .Any(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.String);
                return failed ? ExitCodes.CheckFailed : ExitCodes.Ok;
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"fednet ovsdb transact: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (OvsdbException e)
            {
                Console.Error.WriteLine($"fednet ovsdb transact: {e.Message}");
                return e.Error == OvsdbException.ConnectionLost ? ExitCodes.Unavailable : ExitCodes.CheckFailed;
            }
        });
        return transact;
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<JsonElement>))]
internal sealed partial class CliJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
