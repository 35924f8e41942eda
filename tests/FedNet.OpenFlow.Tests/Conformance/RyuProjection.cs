using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using FedNet.OpenFlow;

namespace FedNet.OpenFlow.Tests.Conformance;

/// <summary>
/// Projects decoded records onto the JSON shape of Ryu's <c>to_jsondict()</c>, which is how the corpus's expected
/// files are written, so the decoded fields can be compared as JSON trees. Throws <see cref="NotSupportedException"/>
/// for shapes Ryu decodes natively but FedNet keeps opaque (for example NXAST_LEARN).
/// </summary>
internal static class RyuProjection
{
    private const uint OnfExperimenter = 0x4F4E4600;

    public static JsonNode Project(OfpMessage message) => message switch
    {
        FlowMod m => Wrap("OFPFlowMod", new JsonObject
        {
            ["buffer_id"] = m.BufferId,
            ["command"] = (int)m.Command,
            ["cookie"] = m.Cookie,
            ["cookie_mask"] = m.CookieMask,
            ["flags"] = (int)m.Flags,
            ["hard_timeout"] = m.HardTimeout,
            ["idle_timeout"] = m.IdleTimeout,
            ["instructions"] = Instructions(m.Instructions),
            ["match"] = Match(m.Match),
            ["out_group"] = m.OutGroup,
            ["out_port"] = m.OutPort,
            ["priority"] = m.Priority,
            ["table_id"] = m.TableId,
        }),
        PacketIn m => Wrap("OFPPacketIn", new JsonObject
        {
            ["buffer_id"] = m.BufferId,
            ["cookie"] = m.Cookie,
            ["data"] = Convert.ToBase64String(m.Data.AsSpan()),
            ["match"] = Match(m.Match),
            ["reason"] = (int)m.Reason,
            ["table_id"] = m.TableId,
            ["total_len"] = m.TotalLength,
        }),
        PacketOut m => Wrap("OFPPacketOut", new JsonObject
        {
            ["actions"] = Actions(m.Actions),
            ["actions_len"] = m.Actions.Sum(ActionLength),
            ["buffer_id"] = m.BufferId,
            ["data"] = Convert.ToBase64String(m.Data.AsSpan()),
            ["in_port"] = m.InPort,
        }),
        FlowRemoved m => Wrap("OFPFlowRemoved", new JsonObject
        {
            ["byte_count"] = m.ByteCount,
            ["cookie"] = m.Cookie,
            ["duration_nsec"] = m.DurationNsec,
            ["duration_sec"] = m.DurationSec,
            ["hard_timeout"] = m.HardTimeout,
            ["idle_timeout"] = m.IdleTimeout,
            ["match"] = Match(m.Match),
            ["packet_count"] = m.PacketCount,
            ["priority"] = m.Priority,
            ["reason"] = (int)m.Reason,
            ["table_id"] = m.TableId,
        }),
        FeaturesReply m => Wrap("OFPSwitchFeatures", new JsonObject
        {
            ["auxiliary_id"] = m.AuxiliaryId,
            ["capabilities"] = (uint)m.Capabilities,
            ["datapath_id"] = m.DatapathId,
            ["n_buffers"] = m.NBuffers,
            ["n_tables"] = m.NTables,
        }),
        PortDescReply m => Wrap("OFPPortDescStatsReply", new JsonObject
        {
            ["body"] = new JsonArray(m.Entries.Select(Port).ToArray<JsonNode?>()),
            ["flags"] = m.Flags,
            ["type"] = (int)m.MultipartType,
        }),
        PortStatus m => Wrap("OFPPortStatus", new JsonObject { ["desc"] = Port(m.Port), ["reason"] = (int)m.Reason }),
        FlowStatsReply m => Wrap("OFPFlowStatsReply", new JsonObject
        {
            ["body"] = new JsonArray(m.Entries.Select(FlowStats).ToArray<JsonNode?>()),
            ["flags"] = m.Flags,
            ["type"] = (int)m.MultipartType,
        }),
        GroupMod m => Wrap("OFPGroupMod", new JsonObject
        {
            ["buckets"] = new JsonArray(m.Buckets.Select(Bucket).ToArray<JsonNode?>()),
            ["command"] = (int)m.Command,
            ["group_id"] = m.GroupId,
            ["type"] = (int)m.GroupType,
        }),
        MeterMod m => Wrap("OFPMeterMod", new JsonObject
        {
            ["bands"] = new JsonArray(m.Bands.Select(Band).ToArray<JsonNode?>()),
            ["command"] = (int)m.Command,
            ["flags"] = (int)m.Flags,
            ["meter_id"] = m.MeterId,
        }),
        ErrorMessage { ErrorType: OfpErrorType.Experimenter } m => Wrap("OFPErrorMsg", new JsonObject
        {
            ["code"] = null,
            ["data"] = Convert.ToBase64String(m.Data.AsSpan()),
            ["exp_type"] = m.Code,
            ["experimenter"] = m.Experimenter,
            ["type"] = (int)m.ErrorType,
        }),
        ErrorMessage m => Wrap("OFPErrorMsg", new JsonObject
        {
            ["code"] = m.Code,
            ["data"] = Convert.ToBase64String(m.Data.AsSpan()),
            ["type"] = (int)m.ErrorType,
        }),
        _ => throw new NotSupportedException($"no Ryu projection for {message.GetType().Name}"),
    };

    private static JsonObject Wrap(string name, JsonObject body) => new() { [name] = body };

    private static JsonObject Match(Match match) => Wrap("OFPMatch", new JsonObject
    {
        ["length"] = 4 + match.Fields.Sum(f => f.WireLength),
        ["oxm_fields"] = new JsonArray(match.Fields.Select(Oxm).ToArray<JsonNode?>()),
        ["type"] = 1,
    });

    private static JsonObject Oxm(Oxm oxm)
    {
        var (name, value, mask) = (oxm.Field.Name, oxm.Value.ToArray(), oxm.Mask?.ToArray());
        // ONF experimenter fields (EXT-256 pbb_uca) put a 16-bit exp_type before the value.
        if (oxm.Field.IsExperimenter && oxm.Field.Experimenter == OnfExperimenter && value.Length >= 2)
        {
            var expType = BinaryPrimitives.ReadUInt16BigEndian(value);
            name = expType == 2560 ? "pbb_uca" : $"onf_{expType}";
            value = value[2..];
            mask = mask?[2..];
        }
        return Wrap("OXMTlv", new JsonObject
        {
            ["field"] = name,
            ["mask"] = mask is null ? null : Value(name, mask),
            ["value"] = Value(name, value),
        });
    }

    private static JsonNode Value(string field, byte[] bytes)
    {
        if (field is "eth_dst" or "eth_src" or "arp_sha" or "arp_tha" or "ipv6_nd_sll" or "ipv6_nd_tll"
            or "eth_dst_nxm" or "eth_src_nxm" or "arp_sha_nxm" or "arp_tha_nxm")
            return string.Join(':', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        if (field is "ipv4_src" or "ipv4_dst" or "arp_spa" or "arp_tpa" or "tun_ipv4_src" or "tun_ipv4_dst"
            or "ipv4_src_nxm" or "ipv4_dst_nxm" or "arp_spa_nxm" or "arp_tpa_nxm")
            return new IPAddress(bytes).ToString();
        if (field is "ipv6_src" or "ipv6_dst" or "ipv6_nd_target" or "ipv6_src_nxm" or "ipv6_dst_nxm")
            return new IPAddress(bytes).ToString();
        ulong v = 0;
        foreach (var b in bytes)
            v = v << 8 | b;
        return v;
    }

    private static JsonArray Instructions(EquatableArray<OfpInstruction> instructions) =>
        new(instructions.Select(Instruction).ToArray<JsonNode?>());

    private static JsonNode Instruction(OfpInstruction i) => i switch
    {
        ActionsInstruction a => Wrap("OFPInstructionActions", new JsonObject
        {
            ["actions"] = Actions(a.Actions),
            ["len"] = 8 + a.Actions.Sum(ActionLength),
            ["type"] = (int)a.Kind,
        }),
        ClearActionsInstruction => Wrap("OFPInstructionActions", new JsonObject { ["actions"] = new JsonArray(), ["len"] = 8, ["type"] = 5 }),
        GotoTableInstruction g => Wrap("OFPInstructionGotoTable", new JsonObject { ["len"] = 8, ["table_id"] = g.TableId, ["type"] = 1 }),
        MeterInstruction m => Wrap("OFPInstructionMeter", new JsonObject { ["len"] = 8, ["meter_id"] = m.MeterId, ["type"] = 6 }),
        WriteMetadataInstruction w => Wrap("OFPInstructionWriteMetadata", new JsonObject
        {
            ["len"] = 24,
            ["metadata"] = w.Metadata,
            ["metadata_mask"] = w.Mask,
            ["type"] = 2,
        }),
        _ => throw new NotSupportedException($"no Ryu projection for {i.GetType().Name}"),
    };

    private static JsonArray Actions(EquatableArray<OfpAction> actions) => new(actions.Select(Action).ToArray<JsonNode?>());

    private static int ActionLength(OfpAction action) => OpenFlowCodecTestHooks.ActionLength(action);

    private static JsonNode Action(OfpAction a)
    {
        var len = ActionLength(a);
        var type = (int)a.ActionType;
        return a switch
        {
            OutputAction o => Wrap("OFPActionOutput", new JsonObject { ["len"] = len, ["max_len"] = o.MaxLength, ["port"] = o.Port, ["type"] = type }),
            SimpleAction s => Wrap(s.Kind switch
            {
                OfpActionType.CopyTtlOut => "OFPActionCopyTtlOut",
                OfpActionType.CopyTtlIn => "OFPActionCopyTtlIn",
                OfpActionType.DecMplsTtl => "OFPActionDecMplsTtl",
                OfpActionType.PopVlan => "OFPActionPopVlan",
                OfpActionType.DecNwTtl => "OFPActionDecNwTtl",
                OfpActionType.PopPbb => "OFPActionPopPbb",
                _ => throw new NotSupportedException(s.Kind.ToString()),
            }, new JsonObject { ["len"] = len, ["type"] = type }),
            EtherTypeAction e => Wrap(e.Kind switch
            {
                OfpActionType.PushVlan => "OFPActionPushVlan",
                OfpActionType.PushMpls => "OFPActionPushMpls",
                OfpActionType.PopMpls => "OFPActionPopMpls",
                OfpActionType.PushPbb => "OFPActionPushPbb",
                _ => throw new NotSupportedException(e.Kind.ToString()),
            }, new JsonObject { ["ethertype"] = e.EtherType, ["len"] = len, ["type"] = type }),
            TtlAction { Kind: OfpActionType.SetMplsTtl } t => Wrap("OFPActionSetMplsTtl", new JsonObject { ["len"] = len, ["mpls_ttl"] = t.Ttl, ["type"] = type }),
            TtlAction t => Wrap("OFPActionSetNwTtl", new JsonObject { ["len"] = len, ["nw_ttl"] = t.Ttl, ["type"] = type }),
            SetQueueAction q => Wrap("OFPActionSetQueue", new JsonObject { ["len"] = len, ["queue_id"] = q.QueueId, ["type"] = type }),
            GroupAction g => Wrap("OFPActionGroup", new JsonObject { ["group_id"] = g.GroupId, ["len"] = len, ["type"] = type }),
            SetFieldAction f => Wrap("OFPActionSetField", new JsonObject { ["field"] = Oxm(f.Field), ["len"] = len, ["type"] = type }),
            NxRegMoveAction m => Wrap("NXActionRegMove", Nx(len, m.Subtype, new JsonObject
            {
                ["dst_field"] = m.Destination.Name,
                ["dst_ofs"] = m.DestinationOffset,
                ["n_bits"] = m.Bits,
                ["src_field"] = m.Source.Name,
                ["src_ofs"] = m.SourceOffset,
            })),
            NxRegLoadAction l => Wrap("NXActionRegLoad", Nx(len, l.Subtype, new JsonObject
            {
                ["dst"] = l.Destination.Name,
                ["ofs_nbits"] = l.Offset << 6 | (l.Bits - 1),
                ["value"] = l.Value,
            })),
            NxResubmitAction { Table: null } r => Wrap("NXActionResubmit", Nx(len, r.Subtype, new JsonObject { ["in_port"] = r.InPort })),
            NxResubmitAction r => Wrap("NXActionResubmitTable", Nx(len, r.Subtype, new JsonObject { ["in_port"] = r.InPort, ["table_id"] = r.Table })),
            NxNoteAction n => Wrap("NXActionNote", Nx(len, n.Subtype, new JsonObject
            {
                ["note"] = new JsonArray(n.Note.ToArray().Select(b => (JsonNode?)(int)b).ToArray()),
            })),
            ExperimenterAction { Experimenter: NiciraAction.NiciraVendorId } x when x.Data.Count >= 2 && IsUnknownNicira(x) =>
                Wrap("NXActionUnknown", new JsonObject
                {
                    ["data"] = Convert.ToBase64String(x.Data.AsSpan()[2..]),
                    ["experimenter"] = x.Experimenter,
                    ["len"] = len,
                    ["subtype"] = BinaryPrimitives.ReadUInt16BigEndian(x.Data.AsSpan()),
                    ["type"] = type,
                }),
            ExperimenterAction x when x.Experimenter != NiciraAction.NiciraVendorId => Wrap("OFPActionExperimenterUnknown", new JsonObject
            {
                ["data"] = Convert.ToBase64String(x.Data.AsSpan()),
                ["experimenter"] = x.Experimenter,
                ["len"] = len,
                ["type"] = type,
            }),
            _ => throw new NotSupportedException($"no Ryu projection for {a}"),
        };
    }

    // Ryu decodes the Nicira subtypes it knows (learn, ct, conjunction, ...) natively; only the rest are NXActionUnknown.
    private static bool IsUnknownNicira(ExperimenterAction x) =>
        BinaryPrimitives.ReadUInt16BigEndian(x.Data.AsSpan()) is not (1 or 2 or 6 or 7 or 8 or 14 or 15 or 16 or 17 or 18 or 19 or 20
            or 21 or 22 or 23 or 24 or 25 or 26 or 27 or 28 or 29 or 30 or 31 or 32 or 33 or 34 or 35 or 36 or 37 or 38 or 39 or 40
            or 41 or 42 or 43 or 44 or 45 or 46 or 47 or 48 or 49);

    private static JsonObject Nx(int len, ushort subtype, JsonObject fields)
    {
        fields["experimenter"] = NiciraAction.NiciraVendorId;
        fields["len"] = len;
        fields["subtype"] = subtype;
        fields["type"] = 0xffff;
        return fields;
    }

    private static JsonNode Port(OfpPort p) => Wrap("OFPPort", new JsonObject
    {
        ["advertised"] = (uint)p.Advertised,
        ["config"] = (uint)p.Config,
        ["curr"] = (uint)p.Current,
        ["curr_speed"] = p.CurrentSpeed,
        ["hw_addr"] = string.Join(':', p.HwAddr.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
        ["max_speed"] = p.MaxSpeed,
        ["name"] = p.Name,
        ["peer"] = (uint)p.Peer,
        ["port_no"] = p.PortNo,
        ["state"] = (uint)p.State,
        ["supported"] = (uint)p.Supported,
    });

    private static JsonNode FlowStats(FlowStats s)
    {
        var matchLength = 4 + s.Match.Fields.Sum(f => f.WireLength);
        var length = 48 + ((matchLength + 7) & ~7) + s.Instructions.Sum(InstructionLength);
        return Wrap("OFPFlowStats", new JsonObject
        {
            ["byte_count"] = s.ByteCount,
            ["cookie"] = s.Cookie,
            ["duration_nsec"] = s.DurationNsec,
            ["duration_sec"] = s.DurationSec,
            ["flags"] = (int)s.Flags,
            ["hard_timeout"] = s.HardTimeout,
            ["idle_timeout"] = s.IdleTimeout,
            ["instructions"] = Instructions(s.Instructions),
            ["length"] = length,
            ["match"] = Match(s.Match),
            ["packet_count"] = s.PacketCount,
            ["priority"] = s.Priority,
            ["table_id"] = s.TableId,
        });
    }

    private static int InstructionLength(OfpInstruction i) => i switch
    {
        ActionsInstruction a => 8 + a.Actions.Sum(ActionLength),
        WriteMetadataInstruction => 24,
        _ => 8,
    };

    private static JsonNode Bucket(Bucket b) => Wrap("OFPBucket", new JsonObject
    {
        ["actions"] = Actions(b.Actions),
        ["len"] = 16 + b.Actions.Sum(ActionLength),
        ["watch_group"] = b.WatchGroup,
        ["watch_port"] = b.WatchPort,
        ["weight"] = b.Weight,
    });

    private static JsonNode Band(MeterBand b) => b switch
    {
        DropBand d => Wrap("OFPMeterBandDrop", new JsonObject { ["burst_size"] = d.BurstSize, ["len"] = 16, ["rate"] = d.Rate, ["type"] = 1 }),
        DscpRemarkBand d => Wrap("OFPMeterBandDscpRemark", new JsonObject
        {
            ["burst_size"] = d.BurstSize,
            ["len"] = 16,
            ["prec_level"] = d.PrecLevel,
            ["rate"] = d.Rate,
            ["type"] = 2,
        }),
        ExperimenterBand e => Wrap("OFPMeterBandExperimenter", new JsonObject
        {
            ["burst_size"] = e.BurstSize,
            ["experimenter"] = e.Experimenter,
            ["len"] = 16 + e.Data.Count,
            ["rate"] = e.Rate,
            ["type"] = 0xffff,
        }),
        _ => throw new NotSupportedException($"no Ryu projection for {b}"),
    };
}
