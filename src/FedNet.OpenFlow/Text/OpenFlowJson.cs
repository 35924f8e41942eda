using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;

namespace FedNet.OpenFlow;

/// <summary>
/// Renders decoded messages as JSON for people and scripts (<c>fednet openflow decode</c>): <c>type</c>, <c>xid</c> and
/// <c>fields</c> holding every settable property, nested records tagged with <c>@type</c>, byte strings as hex, OXM
/// values as integers, MACs or IP addresses. A diagnostic view, not a wire format: it is not parsed back.
/// </summary>
public static class OpenFlowJson
{
    private static readonly HashSet<OxmField> MacFields =
    [
        OxmField.EthDst, OxmField.EthSrc, OxmField.ArpSha, OxmField.ArpTha, OxmField.Ipv6NdSll, OxmField.Ipv6NdTll,
        NxmField.EthDst, NxmField.EthSrc, NxmField.ArpSha, NxmField.ArpTha,
    ];

    private static readonly HashSet<OxmField> AddressFields =
    [
        OxmField.Ipv4Src, OxmField.Ipv4Dst, OxmField.ArpSpa, OxmField.ArpTpa, OxmField.Ipv6Src, OxmField.Ipv6Dst,
        OxmField.Ipv6NdTarget, NxmField.IpSrc, NxmField.IpDst, NxmField.ArpSpa, NxmField.ArpTpa, NxmField.TunIpv4Src,
        NxmField.TunIpv4Dst,
    ];

    /// <summary>The message as one line of JSON.</summary>
    public static string Serialize(OfpMessage message, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            Write(writer, message);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the message as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, OfpMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteStartObject();
        writer.WriteString("type", message.GetType().Name);
        writer.WriteNumber("xid", message.Xid);
        writer.WritePropertyName("fields");
        WriteProperties(writer, message, skipXid: true);
        writer.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter writer, object value, bool skipXid)
    {
        writer.WriteStartObject();
        foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.SetMethod is null || !p.SetMethod.IsPublic || p.GetIndexParameters().Length > 0 || (skipXid && p.Name == nameof(OfpMessage.Xid)))
                continue;
            writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(p.Name));
            WriteValue(writer, p.GetValue(value));
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case byte or ushort or uint or int or ulong or long:
                writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case EquatableArray<byte> bytes:
                writer.WriteStringValue(Convert.ToHexString(bytes.AsSpan()).ToLowerInvariant());
                break;
            case OxmField field:
                writer.WriteStringValue(field.Name);
                break;
            case Oxm oxm:
                writer.WriteStartObject();
                writer.WriteString("field", oxm.Field.Name);
                writer.WritePropertyName("value");
                WriteOxmValue(writer, oxm.Field, oxm.Value);
                if (oxm.Mask is { } mask)
                {
                    writer.WritePropertyName("mask");
                    WriteOxmValue(writer, oxm.Field, mask);
                }
                writer.WriteEndObject();
                break;
            case OfpMessage message:
                Write(writer, message);
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                    WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default:
                var type = value.GetType();
                if (type.IsValueType && type.GetProperties().All(p => p.SetMethod is null || !p.SetMethod.IsPublic))
                {
                    writer.WriteStringValue(value.ToString());
                    break;
                }
                writer.WriteStartObject();
                writer.WriteString("@type", type.Name);
                foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (p.SetMethod is null || !p.SetMethod.IsPublic || p.GetIndexParameters().Length > 0)
                        continue;
                    writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(p.Name));
                    WriteValue(writer, p.GetValue(value));
                }
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteOxmValue(Utf8JsonWriter writer, OxmField field, EquatableArray<byte> bytes)
    {
        var span = bytes.AsSpan();
        var plain = field with { Experimenter = 0 };
        if (MacFields.Contains(plain) && span.Length == 6)
            writer.WriteStringValue(string.Join(':', span.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture))));
        else if (AddressFields.Contains(plain) && span.Length is 4 or 16)
            writer.WriteStringValue(new IPAddress(span).ToString());
        else if (span.Length <= 8 && !field.IsExperimenter)
        {
            ulong v = 0;
            foreach (var b in span)
                v = v << 8 | b;
            writer.WriteNumberValue(v);
        }
        else
            writer.WriteStringValue(Convert.ToHexString(span).ToLowerInvariant());
    }
}
