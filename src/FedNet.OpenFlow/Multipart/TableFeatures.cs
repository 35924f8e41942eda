using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_table_feature_prop_type</c> (spec 1.3.5 A.3.5.5).</summary>
public enum OfpTableFeaturePropType : ushort
{
    Instructions = 0,
    InstructionsMiss = 1,
    NextTables = 2,
    NextTablesMiss = 3,
    WriteActions = 4,
    WriteActionsMiss = 5,
    ApplyActions = 6,
    ApplyActionsMiss = 7,
    Match = 8,
    Wildcards = 10,
    WriteSetField = 12,
    WriteSetFieldMiss = 13,
    ApplySetField = 14,
    ApplySetFieldMiss = 15,
    Experimenter = 0xfffe,
    ExperimenterMiss = 0xffff,
}

/// <summary>
/// One table's features (spec 1.3.5 A.3.5.5): <c>struct ofp_table_features { uint16_t length; uint8_t table_id;
/// uint8_t pad[5]; char name[32]; uint64_t metadata_match; uint64_t metadata_write; uint32_t config;
/// uint32_t max_entries; ofp_table_feature_prop_header properties[]; }</c>.
/// </summary>
public sealed record TableFeatures
{
    private const int NameLength = 32;
    private const int FixedLength = 64;

    public byte TableId { get; init; }
    public string Name { get; init; } = "";
    public ulong MetadataMatch { get; init; }
    public ulong MetadataWrite { get; init; }
    public uint Config { get; init; }
    public uint MaxEntries { get; init; }
    public EquatableArray<TableFeatureProperty> Properties { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(0);
        w.U8(TableId);
        w.Zeros(5);
        w.FixedString(Name, NameLength);
        w.U64(MetadataMatch);
        w.U64(MetadataWrite);
        w.U32(Config);
        w.U32(MaxEntries);
        foreach (var p in Properties)
            p.Encode(w);
        w.PatchU16(start, w.Position - start);
    }

    internal static EquatableArray<TableFeatures> DecodeList(ref OfpReader r)
    {
        var list = new List<TableFeatures>();
        while (!r.IsEmpty)
            list.Add(Decode(ref r));
        return list.ToArray();
    }

    private static TableFeatures Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(), FixedLength, aligned: false, "table features");
        var b = r.Sub(length, "table features");
        b.U16();
        var id = b.U8();
        b.Pad(5);
        var t = new TableFeatures
        {
            TableId = id,
            Name = b.FixedString(NameLength),
            MetadataMatch = b.U64(),
            MetadataWrite = b.U64(),
            Config = b.U32(),
            MaxEntries = b.U32(),
        };
        var props = new List<TableFeatureProperty>();
        while (!b.IsEmpty)
            props.Add(TableFeatureProperty.Decode(ref b));
        return t with { Properties = props.ToArray() };
    }
}

/// <summary>
/// A table feature property (spec 1.3.5 A.3.5.5): <c>struct ofp_table_feature_prop_header { uint16_t type;
/// uint16_t length; }</c> + body, padded to 8 (length excludes the padding). Unknown types stay opaque.
/// </summary>
public abstract record TableFeatureProperty
{
    private protected TableFeatureProperty()
    {
    }

    /// <summary>OFPTFPT_*.</summary>
    public abstract OfpTableFeaturePropType PropertyType { get; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16((ushort)PropertyType);
        w.U16(0);
        EncodeBody(w);
        w.PatchU16(start + 2, w.Position - start);
        w.PadTo8(start);
    }

    private protected abstract void EncodeBody(OfpWriter w);

    internal static TableFeatureProperty Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(2), 4, aligned: false, "table feature property");
        var type = (OfpTableFeaturePropType)r.U16();
        r.U16();
        var b = r.Sub(length - 4, "table feature property");
        // Every property is followed by the padding that brings it to 8 bytes (spec A.3.5.5).
        r.PadTo8(length);
        return type switch
        {
            OfpTableFeaturePropType.Instructions or OfpTableFeaturePropType.InstructionsMiss =>
                new InstructionIdsProperty(type, TlvIds(ref b, "instruction id")),
            OfpTableFeaturePropType.NextTables or OfpTableFeaturePropType.NextTablesMiss =>
                new NextTablesProperty(type, b.RestArray()),
            OfpTableFeaturePropType.WriteActions or OfpTableFeaturePropType.WriteActionsMiss
                or OfpTableFeaturePropType.ApplyActions or OfpTableFeaturePropType.ApplyActionsMiss =>
                new ActionIdsProperty(type, TlvIds(ref b, "action id")),
            OfpTableFeaturePropType.Match or OfpTableFeaturePropType.Wildcards or OfpTableFeaturePropType.WriteSetField
                or OfpTableFeaturePropType.WriteSetFieldMiss or OfpTableFeaturePropType.ApplySetField
                or OfpTableFeaturePropType.ApplySetFieldMiss => new OxmIdsProperty(type, OxmIds(ref b)),
            OfpTableFeaturePropType.Experimenter or OfpTableFeaturePropType.ExperimenterMiss when b.Remaining >= 8 =>
                new ExperimenterTableProperty(type, b.U32(), b.U32(), b.RestArray()),
            _ => new UnknownTableProperty((ushort)type, b.RestArray()),
        };
    }

    // Instruction and action ids are ofp_instruction / ofp_action_header: { uint16_t type; uint16_t len; } + tail.
    private static EquatableArray<TlvId> TlvIds(ref OfpReader b, string what)
    {
        var list = new List<TlvId>();
        while (!b.IsEmpty)
        {
            var length = b.CheckTlvLength(b.PeekU16(2), 4, aligned: false, what);
            var type = b.U16();
            b.U16();
            list.Add(new TlvId(type, b.Array(length - 4)));
        }
        return list.ToArray();
    }

    private static EquatableArray<OxmId> OxmIds(ref OfpReader b)
    {
        var list = new List<OxmId>();
        while (!b.IsEmpty)
        {
            var header = b.U32();
            list.Add(header >> 16 == OxmField.ExperimenterClass ? new OxmId(header, b.U32()) : new OxmId(header));
        }
        return list.ToArray();
    }
}

/// <summary>An instruction or action id in a table feature property: its type and any bytes after type/len.</summary>
public sealed record TlvId(ushort Type, EquatableArray<byte> Data)
{
    internal void Encode(OfpWriter w)
    {
        w.U16(Type);
        w.U16((ushort)(4 + Data.Count));
        w.Bytes(Data.AsSpan());
    }
}

/// <summary>An OXM id in a table feature property: a 32-bit header (and the experimenter id for class 0xffff).</summary>
public readonly record struct OxmId(uint Header, uint? Experimenter = null)
{
    /// <summary>The field this id names.</summary>
    public OxmField Field => OxmField.FromHeader(Header) with { Experimenter = Experimenter ?? 0 };

    internal void Encode(OfpWriter w)
    {
        w.U32(Header);
        if (Experimenter is { } e)
            w.U32(e);
    }
}

/// <summary>OFPTFPT_INSTRUCTIONS(_MISS): the instruction types the table supports.</summary>
public sealed record InstructionIdsProperty(OfpTableFeaturePropType Kind, EquatableArray<TlvId> Ids) : TableFeatureProperty
{
    public override OfpTableFeaturePropType PropertyType => Kind;

    private protected override void EncodeBody(OfpWriter w)
    {
        foreach (var id in Ids)
            id.Encode(w);
    }
}

/// <summary>OFPTFPT_NEXT_TABLES(_MISS): the tables goto-table may reach.</summary>
public sealed record NextTablesProperty(OfpTableFeaturePropType Kind, EquatableArray<byte> TableIds) : TableFeatureProperty
{
    public override OfpTableFeaturePropType PropertyType => Kind;

    private protected override void EncodeBody(OfpWriter w) => w.Bytes(TableIds.AsSpan());
}

/// <summary>OFPTFPT_WRITE/APPLY_ACTIONS(_MISS): the action types the table supports.</summary>
public sealed record ActionIdsProperty(OfpTableFeaturePropType Kind, EquatableArray<TlvId> Ids) : TableFeatureProperty
{
    public override OfpTableFeaturePropType PropertyType => Kind;

    private protected override void EncodeBody(OfpWriter w)
    {
        foreach (var id in Ids)
            id.Encode(w);
    }
}

/// <summary>OFPTFPT_MATCH, WILDCARDS, WRITE/APPLY_SETFIELD(_MISS): OXM field ids.</summary>
public sealed record OxmIdsProperty(OfpTableFeaturePropType Kind, EquatableArray<OxmId> Ids) : TableFeatureProperty
{
    public override OfpTableFeaturePropType PropertyType => Kind;

    private protected override void EncodeBody(OfpWriter w)
    {
        foreach (var id in Ids)
            id.Encode(w);
    }
}

/// <summary>OFPTFPT_EXPERIMENTER(_MISS): <c>{ type; length; uint32_t experimenter; uint32_t exp_type; uint32_t experimenter_data[]; }</c>.</summary>
public sealed record ExperimenterTableProperty(OfpTableFeaturePropType Kind, uint Experimenter, uint ExpType, EquatableArray<byte> Data)
    : TableFeatureProperty
{
    public override OfpTableFeaturePropType PropertyType => Kind;

    private protected override void EncodeBody(OfpWriter w)
    {
        w.U32(Experimenter);
        w.U32(ExpType);
        w.Bytes(Data.AsSpan());
    }
}

/// <summary>A table feature property this library does not know, kept as its body.</summary>
public sealed record UnknownTableProperty(ushort Code, EquatableArray<byte> Data) : TableFeatureProperty
{
    public override OfpTableFeaturePropType PropertyType => (OfpTableFeaturePropType)Code;

    private protected override void EncodeBody(OfpWriter w) => w.Bytes(Data.AsSpan());
}

/// <summary>OFPMP_TABLE_FEATURES request: empty to read, or the full desired table set to configure.</summary>
public sealed record TableFeaturesRequest : MultipartRequest
{
    public override OfpMultipartType MultipartType => OfpMultipartType.TableFeatures;
    public EquatableArray<TableFeatures> Tables { get; init; }

    private protected override void EncodeRequestBody(OfpWriter writer)
    {
        foreach (var t in Tables)
            t.Encode(writer);
    }
}

/// <summary>OFPMP_TABLE_FEATURES reply.</summary>
public sealed record TableFeaturesReply : MultipartListReply<TableFeatures>
{
    public override OfpMultipartType MultipartType => OfpMultipartType.TableFeatures;

    private protected override void EncodeReplyBody(OfpWriter writer)
    {
        foreach (var e in Entries)
            e.Encode(writer);
    }
}
