using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using FedNet.Planning;

namespace FedNet.Store;

/// <summary>
/// The store's JSON form of <see cref="Allocations"/>. Every key is written as its fields (never as a joined string,
/// since names may contain any separator), each map as an array of tuples sorted by key, so the same allocations
/// always give the same bytes:
/// <code>
/// {"format":1,"nextMacSuffix":9,"nextNetworkId":3,"nextVifId":5,"nextPolicyId":1,
///  "networkIds":[["t","svc","n0",1]], "vifIds":[["t","svc","vm0",0,1]], "hosts":[["t","svc","vm0","h1"]],
///  "macs":[["t","svc","vm0",0,2]], "ips":[["t","svc","vm0",0,167772162]], "ports":[["t","svc","vm0",0,"h1",100]],
///  "privateVlans":[["t","svc","n0","s1",100]], "publicVlans":[["t","svc","n0","x0",2700]],
///  "tunnelKeys":[["t","svc","n0","x1",1000]], "policyIds":[["t","svc","n0","p",1]]}
/// </code>
/// </summary>
public static class AllocationsJson
{
    /// <summary>The format number written and understood.</summary>
    public const int Format = 1;

    /// <summary>The UTF-8 JSON of <paramref name="allocations"/>.</summary>
    public static byte[] Serialize(Allocations allocations)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            Write(allocations, writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="allocations"/> as one JSON object.</summary>
    public static void Write(Allocations allocations, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("format", Format);
        writer.WriteNumber("nextMacSuffix", allocations.NextMacSuffix);
        writer.WriteNumber("nextNetworkId", allocations.NextNetworkId);
        writer.WriteNumber("nextVifId", allocations.NextVifId);
        writer.WriteNumber("nextPolicyId", allocations.NextPolicyId);
        WriteMap(writer, "networkIds", allocations.NetworkIds, (w, k) => WriteNetwork(w, k), (w, v) => w.WriteNumberValue(v));
        WriteMap(writer, "vifIds", allocations.VifIds, WriteVif, (w, v) => w.WriteNumberValue(v));
        WriteMap(writer, "hosts", allocations.Hosts, WriteVm, (w, v) => w.WriteStringValue(v));
        WriteMap(writer, "macs", allocations.Macs, WriteVif, (w, v) => w.WriteNumberValue(v));
        WriteMap(writer, "ips", allocations.Ips, WriteVif, (w, v) => w.WriteNumberValue(v));
        WriteMap(writer, "ports", allocations.Ports, WriteVif, (w, v) =>
        {
            w.WriteStringValue(v.Host);
            w.WriteNumberValue(v.Ofport);
        });
        WriteMap(writer, "privateVlans", allocations.PrivateVlans, (w, k) =>
        {
            WriteNetwork(w, k.Network);
            w.WriteStringValue(k.Site);
        }, (w, v) => w.WriteNumberValue(v));
        WriteMap(writer, "publicVlans", allocations.PublicVlans, WriteTransitNetwork, (w, v) => w.WriteNumberValue(v));
        WriteMap(writer, "tunnelKeys", allocations.TunnelKeys, WriteTransitNetwork, (w, v) => w.WriteNumberValue(v));
        WriteMap(writer, "policyIds", allocations.PolicyIds, (w, k) =>
        {
            WriteNetwork(w, k.Network);
            w.WriteStringValue(k.Policy);
        }, (w, v) => w.WriteNumberValue(v));
        writer.WriteEndObject();
    }

    /// <summary>Reads allocations written by <see cref="Write"/>.</summary>
    /// <exception cref="StoreException">The JSON is malformed or not this format; the message names the byte offset.</exception>
    public static Allocations Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return Internal.AllocationsJsonReader.Read(utf8Json);
        }
        catch (JsonException e)
        {
            throw new StoreException($"Stored allocations are not valid JSON (byte {e.BytePositionInLine}): {e.Message}", e);
        }
    }

    private static void WriteMap<TKey, TValue>(Utf8JsonWriter writer, string name, ValueMap<TKey, TValue> map,
        Action<Utf8JsonWriter, TKey> writeKey, Action<Utf8JsonWriter, TValue> writeValue)
        where TKey : notnull
    {
        writer.WriteStartArray(name);
        foreach (var (key, value) in map.Items)
        {
            writer.WriteStartArray();
            writeKey(writer, key);
            writeValue(writer, value);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    private static void WriteNetwork(Utf8JsonWriter writer, NetworkKey key)
    {
        writer.WriteStringValue(key.Tenant);
        writer.WriteStringValue(key.Service);
        writer.WriteStringValue(key.Network);
    }

    private static void WriteVm(Utf8JsonWriter writer, VmKey key)
    {
        writer.WriteStringValue(key.Tenant);
        writer.WriteStringValue(key.Service);
        writer.WriteStringValue(key.Vm);
    }

    private static void WriteVif(Utf8JsonWriter writer, VifKey key)
    {
        WriteVm(writer, key.Vm);
        writer.WriteNumberValue(key.Index);
    }

    private static void WriteTransitNetwork(Utf8JsonWriter writer, TransitNetworkKey key)
    {
        WriteNetwork(writer, key.Network);
        writer.WriteStringValue(key.Transit);
    }

    internal static ValueMap<TKey, TValue> ToMap<TKey, TValue>(ImmutableSortedDictionary<TKey, TValue>.Builder builder)
        where TKey : notnull => new(builder.ToImmutable());
}
