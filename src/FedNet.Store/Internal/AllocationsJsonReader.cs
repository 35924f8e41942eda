using System.Collections.Immutable;
using System.Text.Json;
using FedNet.Planning;

namespace FedNet.Store.Internal;

/// <summary>The reader half of <see cref="AllocationsJson"/>: a forward-only <see cref="Utf8JsonReader"/> pass that
/// rejects unknown properties and wrong shapes with the byte offset, so a damaged row is reported, not guessed at.</summary>
internal static class AllocationsJsonReader
{
    private delegate T ReadPart<T>(ref Utf8JsonReader reader);

    public static Allocations Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Next(ref reader);
        Expect(ref reader, JsonTokenType.StartObject, "an object");
        var a = Allocations.Empty;
        var format = 0;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
                break;
            Expect(ref reader, JsonTokenType.PropertyName, "a property name");
            var name = reader.GetString()!;
            Next(ref reader);
            switch (name)
            {
                case "format":
                    format = Int(ref reader);
                    if (format != AllocationsJson.Format)
                        throw Fail(ref reader, $"allocations format {format} is not the known format {AllocationsJson.Format}");
                    break;
                case "nextMacSuffix":
                    a = a with { NextMacSuffix = ULong(ref reader) };
                    break;
                case "nextNetworkId":
                    a = a with { NextNetworkId = Int(ref reader) };
                    break;
                case "nextVifId":
                    a = a with { NextVifId = Int(ref reader) };
                    break;
                case "nextPolicyId":
                    a = a with { NextPolicyId = Int(ref reader) };
                    break;
                case "networkIds":
                    a = a with { NetworkIds = Map(ref reader, Network, Int) };
                    break;
                case "vifIds":
                    a = a with { VifIds = Map(ref reader, Vif, Int) };
                    break;
                case "hosts":
                    a = a with { Hosts = Map(ref reader, Vm, Str) };
                    break;
                case "macs":
                    a = a with { Macs = Map(ref reader, Vif, ULong) };
                    break;
                case "ips":
                    a = a with { Ips = Map(ref reader, Vif, UInt) };
                    break;
                case "ports":
                    a = a with { Ports = Map(ref reader, Vif, Port) };
                    break;
                case "privateVlans":
                    a = a with { PrivateVlans = Map(ref reader, SiteNetwork, Int) };
                    break;
                case "publicVlans":
                    a = a with { PublicVlans = Map(ref reader, TransitNetwork, Int) };
                    break;
                case "tunnelKeys":
                    a = a with { TunnelKeys = Map(ref reader, TransitNetwork, Int) };
                    break;
                case "policyIds":
                    a = a with { PolicyIds = Map(ref reader, PolicyKeyOf, Int) };
                    break;
                default:
                    throw Fail(ref reader, $"unknown property '{name}'");
            }
        }
        if (format == 0)
            throw Fail(ref reader, "the 'format' property is missing");
        if (reader.Read())
            throw Fail(ref reader, "data after the allocations object");
        return a;
    }

    private static ValueMap<TKey, TValue> Map<TKey, TValue>(ref Utf8JsonReader reader, ReadPart<TKey> key, ReadPart<TValue> value)
        where TKey : notnull
    {
        Expect(ref reader, JsonTokenType.StartArray, "an array of entries");
        var builder = ValueMap<TKey, TValue>.Empty.Items.ToBuilder();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
                break;
            Expect(ref reader, JsonTokenType.StartArray, "an entry array");
            Next(ref reader);
            var k = key(ref reader);
            Next(ref reader);
            var v = value(ref reader);
            Next(ref reader);
            Expect(ref reader, JsonTokenType.EndArray, "the end of the entry");
            if (!builder.TryAdd(k, v))
                throw Fail(ref reader, $"duplicate key {k}");
        }
        return AllocationsJson.ToMap(builder);
    }

    private static NetworkKey Network(ref Utf8JsonReader reader)
    {
        var tenant = Str(ref reader);
        Next(ref reader);
        var service = Str(ref reader);
        Next(ref reader);
        return new NetworkKey(tenant, service, Str(ref reader));
    }

    private static VmKey Vm(ref Utf8JsonReader reader)
    {
        var tenant = Str(ref reader);
        Next(ref reader);
        var service = Str(ref reader);
        Next(ref reader);
        return new VmKey(tenant, service, Str(ref reader));
    }

    private static VifKey Vif(ref Utf8JsonReader reader)
    {
        var vm = Vm(ref reader);
        Next(ref reader);
        return new VifKey(vm, Int(ref reader));
    }

    private static SiteNetworkKey SiteNetwork(ref Utf8JsonReader reader)
    {
        var network = Network(ref reader);
        Next(ref reader);
        return new SiteNetworkKey(network, Str(ref reader));
    }

    private static TransitNetworkKey TransitNetwork(ref Utf8JsonReader reader)
    {
        var network = Network(ref reader);
        Next(ref reader);
        return new TransitNetworkKey(network, Str(ref reader));
    }

    private static PolicyKey PolicyKeyOf(ref Utf8JsonReader reader)
    {
        var network = Network(ref reader);
        Next(ref reader);
        return new PolicyKey(network, Str(ref reader));
    }

    private static VifPort Port(ref Utf8JsonReader reader)
    {
        var host = Str(ref reader);
        Next(ref reader);
        return new VifPort(host, Int(ref reader));
    }

    private static string Str(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "a string");
        return reader.GetString()!;
    }

    private static int Int(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a number");
        return reader.TryGetInt32(out var v) ? v : throw Fail(ref reader, "a 32-bit integer was expected");
    }

    private static uint UInt(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a number");
        return reader.TryGetUInt32(out var v) ? v : throw Fail(ref reader, "an unsigned 32-bit integer was expected");
    }

    private static ulong ULong(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a number");
        return reader.TryGetUInt64(out var v) ? v : throw Fail(ref reader, "an unsigned 64-bit integer was expected");
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw Fail(ref reader, "unexpected end of data");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
            throw Fail(ref reader, $"{what} was expected, found {reader.TokenType}");
    }

    private static StoreException Fail(ref Utf8JsonReader reader, string message) =>
        new($"Stored allocations are malformed at byte {reader.TokenStartIndex}: {message}.");
}
