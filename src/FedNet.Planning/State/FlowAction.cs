namespace FedNet.Planning.State;

/// <summary>
/// One action (or OpenFlow 1.3 instruction) of a flow, independent of any wire library. Actions run in list order;
/// the controller turns <see cref="Meter"/> and <see cref="GotoTable"/> into their instructions (§5.9) and the rest
/// into one apply-actions instruction.
/// </summary>
public abstract record FlowAction;

/// <summary>OFPAT_OUTPUT to a port number.</summary>
public sealed record Output(uint Port) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => $"output:{Port}";
}

/// <summary>OFPAT_OUTPUT to OFPP_IN_PORT: back where the frame came from (the ARP responder's reply).</summary>
public sealed record OutputInPort : FlowAction
{
    /// <summary>The single instance.</summary>
    public static OutputInPort Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "IN_PORT";
}

/// <summary>OFPAT_PUSH_VLAN (then a <see cref="SetField"/> of vlan_vid gives the tag).</summary>
public sealed record PushVlan(ushort EtherType = Vlan.EtherType8021Q) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => $"push_vlan:0x{EtherType:x4}";
}

/// <summary>OFPAT_POP_VLAN.</summary>
public sealed record PopVlan : FlowAction
{
    /// <summary>The single instance.</summary>
    public static PopVlan Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "pop_vlan";
}

/// <summary>OFPAT_SET_FIELD (vlan_vid values carry OFPVID_PRESENT).</summary>
public sealed record SetField(FieldKind Field, ulong Value) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => $"set_field:{FieldFormat.Value(Field, Value)}->{FieldFormat.Name(Field)}";
}

/// <summary>Nicira NXAST_REG_MOVE of a whole field into another of the same width.</summary>
public sealed record Move(FieldKind Source, FieldKind Destination) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => $"move:{FieldFormat.Name(Source)}->{FieldFormat.Name(Destination)}";
}

/// <summary>Nicira NXAST_REG_LOAD of a constant into a register.</summary>
public sealed record Load(FieldKind Field, ulong Value) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => $"load:{Value}->{FieldFormat.Name(Field)}";
}

/// <summary>OFPIT_GOTO_TABLE: continue in a later table.</summary>
public sealed record GotoTable(byte Table) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => $"goto_table:{Table}";
}

/// <summary>Nicira NXAST_RESUBMIT_TABLE: look the frame up again in another table and come back.</summary>
public sealed record Resubmit(byte Table) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => $"resubmit(,{Table})";
}

/// <summary>OFPAT_OUTPUT to OFPP_CONTROLLER (packet-in).</summary>
public sealed record Controller(ushort MaxLength = 0xFFFF) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => "CONTROLLER";
}

/// <summary>OFPIT_METER: pass the frame through a meter first.</summary>
public sealed record Meter(uint Id) : FlowAction
{
    /// <inheritdoc/>
    public override string ToString() => $"meter:{Id}";
}

/// <summary>An explicit drop (an empty action list on the wire).</summary>
public sealed record Drop : FlowAction
{
    /// <summary>The single instance.</summary>
    public static Drop Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "drop";
}
